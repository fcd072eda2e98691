"""Cached pages sent gzip-compressed, with their visitor figures put in without compressing.

A cached page is the same bytes for every visitor but for its visitor figures (three
numbers in the sidebar box). Compressed on every hit instead (nginx's `gzip on`, level 1),
it cost nginx more CPU than the hit cost gunicorn: 1.4 ms per request for the directory's
313 KB, 0.4 ms for the home page's 38 KB, against 0.2 ms to pass a compressed page on.
Here a page is compressed once per process (`GzipParts.of`), in
pieces cut at the figures: each piece is a run of deflate blocks ending on a byte boundary
(Z_SYNC_FLUSH) that refers to nothing before it, and a hit sends those pieces with each
figure between them as a "stored" (uncompressed) block, then the gzip trailer. Its CRC-32
is the pieces' CRCs, computed once, combined with the figures' (zlib's crc32_combine,
here with small tables made once per piece), so no byte of the page is read again.

The result is an ordinary gzip stream (RFC 1952) that decompresses to exactly the bytes
sent uncompressed (`test_gzip_pages.py` checks both, and Chromium reads it).
"""

import struct
import zlib
from array import array
from dataclasses import dataclass

# The compression level of Django's GZipMiddleware (and zlib's default).
LEVEL = 6
# Django's GZipMiddleware leaves shorter responses alone: compressing them gains nothing.
MIN_LENGTH = 200
# ID1, ID2, deflate, no flags, no modification time, no extra flags, "unknown" system.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# A last, empty stored block: BFINAL set, then LEN 0 and its complement.
LAST_BLOCK = b"\x01\x00\x00\xff\xff"
CRC_POLYNOMIAL = 0xEDB88320  # CRC-32 of gzip, reflected


def _multiply(a: int, b: int) -> int:
    """Return a * b modulo the CRC polynomial (zlib's multmodp; reflected bit order)."""
    product, mask = 0, 1 << 31
    while True:
        if a & mask:
            product ^= b
            if a & (mask - 1) == 0:
                return product
        mask >>= 1
        b = (b >> 1) ^ CRC_POLYNOMIAL if b & 1 else b >> 1


def _powers() -> list[int]:
    """Return x^(2^k) modulo the polynomial for k in 0..31 (zlib's x2n_table)."""
    powers = [1 << 30]  # x^1
    for _ in range(31):
        powers.append(_multiply(powers[-1], powers[-1]))
    return powers


_X2N = _powers()


def _shift_operator(length: int) -> int:
    """Return x^(8 * length) modulo the polynomial: appending `length` bytes to a CRC."""
    operator, k = 1 << 31, 3
    while length:
        if length & 1:
            operator = _multiply(_X2N[k & 31], operator)
        length >>= 1
        k += 1
    return operator


def _shift_table(length: int) -> array:
    """Return eight 16-entry tables, one after the other (512 bytes): CRC c carried past
    `length` bytes is the XOR of table[16 * i + nibble i of c] (the shift is linear in c)."""
    operator = _shift_operator(length)
    basis = [_multiply(operator, 1 << bit) for bit in range(32)]
    table = array("I", bytes(4 * 128))
    for nibble in range(8):
        base = 16 * nibble
        for value in range(1, 16):
            low = value & -value
            table[base + value] = (
                table[base + (value ^ low)] ^ basis[4 * nibble + low.bit_length() - 1]
            )
    return table


def _carried(table: array, crc: int) -> int:
    """Return `crc` carried past the bytes `table` was made for (`_shift_table`)."""
    return (
        table[crc & 15]
        ^ table[16 | crc >> 4 & 15]
        ^ table[32 | crc >> 8 & 15]
        ^ table[48 | crc >> 12 & 15]
        ^ table[64 | crc >> 16 & 15]
        ^ table[80 | crc >> 20 & 15]
        ^ table[96 | crc >> 24 & 15]
        ^ table[112 | crc >> 28]
    )


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """Return the CRC-32 of A + B from that of A, that of B and B's length (as zlib's)."""
    return _multiply(_shift_operator(length2), crc1) ^ crc2


def _compressed(piece: bytes) -> bytes:
    """Return `piece` as raw deflate blocks ending on a byte boundary, standing alone."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _stored_block(data: bytes) -> bytes:
    """Return a stored (uncompressed), not last deflate block of `data` (< 64 KB)."""
    return struct.pack("<BHH", 0, len(data), len(data) ^ 0xFFFF) + data


@dataclass(frozen=True)
class Piece:
    """The page's bytes up to its next figure (or its end): compressed, CRC, length, and
    the tables that carry a CRC past them."""

    compressed: bytes
    crc: int
    length: int
    table: array | None  # None for the first piece


@dataclass(frozen=True)
class GzipParts:
    """A page cut at its figures' spans, each piece compressed once."""

    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, content: bytes, spans) -> "GzipParts":
        """Cut `content` at `spans` ((start, end, name), in order) and compress each piece."""
        view, pieces, done = memoryview(content), [], 0
        for start, end, _name in (*spans, (len(content), len(content), None)):
            piece = bytes(view[done:start])
            table = _shift_table(len(piece)) if pieces else None
            pieces.append(Piece(_compressed(piece), zlib.crc32(piece), len(piece), table))
            done = end
        return cls(tuple(pieces))

    def stream(self, figures: list[bytes]) -> bytes:
        """Return the gzip stream of the page with these figures (one for each span)."""
        first, *rest = self.pieces
        parts, crc, length = [HEADER, first.compressed], first.crc, first.length
        for figure, piece in zip(figures, rest, strict=True):
            parts += [_stored_block(figure), piece.compressed]
            crc = zlib.crc32(figure, crc)
            crc = _carried(piece.table, crc) ^ piece.crc
            length += len(figure) + piece.length
        parts += [LAST_BLOCK, struct.pack("<II", crc, length & 0xFFFFFFFF)]
        return b"".join(parts)
