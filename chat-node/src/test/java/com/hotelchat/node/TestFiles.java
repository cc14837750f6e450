package com.hotelchat.node;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Real files for the media tests, made on the spot: a phone-like JPEG with EXIF, a voice note, a WAV, a PDF. */
public final class TestFiles {

    /** What the JPEG's EXIF block says where the photo was taken: it must never leave the node. */
    public static final String GPS_TEXT = "GPS 48.858370 N 2.294481 E";

    private TestFiles() {}

    /** A 64x48 JPEG (orientation 6: taken upright with the phone sideways) with an EXIF block holding GPS_TEXT. */
    public static byte[] jpegWithExif() {
        byte[] plain = image("jpg");
        byte[] description = (GPS_TEXT + "\0").getBytes(StandardCharsets.US_ASCII);
        // TIFF block: header (8), IFD0 with 2 entries (2 + 24 + 4), then the description's bytes.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 30 + description.length).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010e).putShort((short) 2).putInt(description.length).putInt(8 + 30);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(description);
        byte[] exif = tiff.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        int length = 2 + 6 + exif.length;
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(exif);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    public static byte[] png() {
        return image("png");
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.ORANGE);
        g.fillOval(16, 8, 32, 32);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first page of an Ogg Opus stream, as WhatsApp voice notes are (enough for the type to be detected). */
    public static byte[] voiceNote() {
        ByteBuffer b = ByteBuffer.allocate(28 + 19 + 200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(7).putInt(0)
                .putInt(0).put((byte) 1).put((byte) 19);
        b.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312)
                .putInt(48000).putShort((short) 0).put((byte) 0);
        return b.array();
    }

    /** A real, playable WAV: half a second of a 440 Hz tone. */
    public static byte[] wav() {
        int rate = 8000;
        int samples = rate / 2;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }

    /** A one-page PDF. */
    public static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
