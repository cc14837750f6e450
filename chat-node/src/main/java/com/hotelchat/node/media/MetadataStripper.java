package com.hotelchat.node.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Takes the metadata out of an image without re-encoding it: EXIF (GPS position, camera, time), XMP, IPTC and
 * comments in JPEG; text, EXIF and time chunks in PNG; EXIF and XMP chunks in WebP. The pixels are untouched. A JPEG's
 * orientation is the one EXIF field kept (written back alone), so a phone photo is not shown on its side.
 */
public final class MetadataStripper {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private MetadataStripper() {}

    /**
     * The image without metadata; bytes of any other type come back as they are. An image too damaged to parse throws
     * {@link BadImageException} (it is refused, never stored as it came).
     */
    public static byte[] strip(String contentType, byte[] image) {
        return switch (contentType) {
            case "image/jpeg" -> jpeg(image);
            case "image/png" -> png(image);
            case "image/webp" -> webp(image);
            default -> image;
        };
    }

    static byte[] jpeg(byte[] in) {
        if (in.length < 4 || (in[0] & 0xff) != 0xff || (in[1] & 0xff) != 0xd8) {
            throw new BadImageException("not a JPEG image");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 2);
        int orientation = 1;
        int pos = 2;
        while (pos + 4 <= in.length) {
            if ((in[pos] & 0xff) != 0xff) {
                throw new BadImageException("JPEG segment marker expected at byte " + pos);
            }
            int marker = in[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0xda) {
                // Start of scan: the compressed image and everything after it is kept as it is.
                if (orientation != 1) {
                    out.writeBytes(orientationSegment(orientation));
                }
                out.write(in, pos, in.length - pos);
                return out.toByteArray();
            }
            int length = ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
            if (length < 2 || pos + 2 + length > in.length) {
                throw new BadImageException("JPEG segment runs past the end of the file");
            }
            boolean exif = marker == 0xe1 && startsWith(in, pos + 4, "Exif\0\0");
            if (exif) {
                orientation = orientation(in, pos + 10, length - 8);
            }
            boolean metadata = marker == 0xe1 || marker == 0xed || marker == 0xfe;
            if (!metadata) {
                out.write(in, pos, 2 + length);
            }
            pos += 2 + length;
        }
        throw new BadImageException("JPEG without image data");
    }

    /** The EXIF orientation (1-8) in a TIFF block; 1 when absent or unreadable. */
    private static int orientation(byte[] in, int tiff, int length) {
        if (length < 8 || tiff + length > in.length) {
            return 1;
        }
        ByteBuffer b = ByteBuffer.wrap(in, tiff, length).slice();
        b.order(in[tiff] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        try {
            int ifd = b.getInt(4);
            int count = b.getShort(ifd) & 0xffff;
            for (int i = 0; i < count; i++) {
                int entry = ifd + 2 + 12 * i;
                if ((b.getShort(entry) & 0xffff) == 0x0112) {
                    int value = b.getShort(entry + 8) & 0xffff;
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    /** An APP1 segment with an EXIF block that holds the orientation and nothing else. */
    private static byte[] orientationSegment(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0xff).put((byte) 0xe1).putShort((short) (b.capacity() - 2));
        b.put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }

    static byte[] png(byte[] in) {
        if (in.length < 8 || !startsWith(in, 0, PNG_SIGNATURE)) {
            throw new BadImageException("not a PNG image");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 8);
        int pos = 8;
        while (pos + 12 <= in.length) {
            long length = ByteBuffer.wrap(in, pos, 4).getInt() & 0xffffffffL;
            if (pos + 12 + length > in.length) {
                throw new BadImageException("PNG chunk runs past the end of the file");
            }
            String type = new String(in, pos + 4, 4, StandardCharsets.ISO_8859_1);
            boolean metadata = type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt")
                    || type.equals("eXIf") || type.equals("tIME");
            if (!metadata) {
                out.write(in, pos, (int) (12 + length));
            }
            pos += (int) (12 + length);
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        throw new BadImageException("PNG without its end chunk");
    }

    static byte[] webp(byte[] in) {
        if (in.length < 12 || !startsWith(in, 0, "RIFF") || !startsWith(in, 8, "WEBP")) {
            throw new BadImageException("not a WebP image");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 12);
        int pos = 12;
        while (pos + 8 <= in.length) {
            String fourcc = new String(in, pos, 4, StandardCharsets.ISO_8859_1);
            long size = ByteBuffer.wrap(in, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            long padded = size + (size & 1);
            if (pos + 8 + size > in.length) {
                throw new BadImageException("WebP chunk runs past the end of the file");
            }
            int chunkLength = (int) Math.min(8 + padded, in.length - pos);
            if (fourcc.equals("VP8X") && size >= 1) {
                byte[] chunk = java.util.Arrays.copyOfRange(in, pos, pos + chunkLength);
                chunk[8] &= (byte) ~0x0c; // no EXIF, no XMP
                out.writeBytes(chunk);
            } else if (!fourcc.equals("EXIF") && !fourcc.equals("XMP ")) {
                out.write(in, pos, chunkLength);
            }
            pos += chunkLength;
        }
        byte[] result = out.toByteArray();
        ByteBuffer.wrap(result, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(result.length - 8);
        return result;
    }

    private static boolean startsWith(byte[] in, int at, String prefix) {
        return startsWith(in, at, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] in, int at, byte[] prefix) {
        if (at + prefix.length > in.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes claim to be an image but cannot be parsed as one. */
    public static final class BadImageException extends RuntimeException {
        BadImageException(String message) {
            super(message);
        }
    }
}
