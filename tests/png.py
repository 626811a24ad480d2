"""A minimal PNG decoder for tests (8-bit greyscale/RGB/RGBA/indexed, non-interlaced): no third-party
packages are available to Debian's python3 here, and the charts are plain PNGs."""
import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Image:
    def __init__(self, width, height, channels, rows):
        self.width, self.height, self.channels, self.rows = width, height, channels, rows

    def pixel(self, x, y):
        """(r, g, b) at x, y."""
        row = self.rows[y]
        i = x * self.channels
        if self.channels < 3:
            return (row[i],) * 3
        return tuple(row[i:i + 3])

    def colours(self):
        """Every distinct (r, g, b) in the image."""
        seen = set()
        for y in range(self.height):
            for x in range(self.width):
                seen.add(self.pixel(x, y))
        return seen


def decode(data):
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG: bad signature")
    pos, idat, header, palette = len(SIGNATURE), b"", None, None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError(f"bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, interlace {interlace}")
    if colour_type == 3 and palette is None:
        raise ValueError("indexed PNG without a PLTE chunk")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        filt, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(line)
        prev = line
    if colour_type == 3:  # palette indices to RGB, after unfiltering the indices
        rows = [bytearray(b for i in line for b in palette[i]) for line in rows]
        channels = 3
    return Image(width, height, channels, rows)
