"""Text of the national database: one-item-per-line lists, steps grouped by case."""

CASE_PREFIX = "Trường hợp:"


def split_lines(text: str) -> list[str]:
    """Return the non-empty stripped lines of a one-item-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_steps(text: str) -> list[tuple[str, list[str]]]:
    """Return the steps text as (case, [step, …]) groups.

    A line "Trường hợp: …" starts a case; steps are separated by blank lines.
    """
    groups: list[tuple[str, list[str]]] = []
    case, steps, current = "", [], []

    def close_step():
        if current:
            steps.append("\n".join(current))
            current.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if line.startswith(CASE_PREFIX):
            close_step()
            if steps or case:
                groups.append((case, steps))
            case, steps = line[len(CASE_PREFIX) :].strip(), []
        elif line:
            current.append(line)
        else:
            close_step()
    close_step()
    if steps or case:
        groups.append((case, steps))
    return groups
