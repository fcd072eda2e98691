"""Staff accounts: the two login steps, second-factor devices, session limits, login audit."""
