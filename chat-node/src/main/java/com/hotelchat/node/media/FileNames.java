package com.hotelchat.node.media;

/** A file name as the client gave it, made safe to show and to put in a header: no path, no control characters. */
final class FileNames {

    private static final int MAX_CHARS = 120;

    private FileNames() {}

    static String clean(String given, MediaType type) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = type.type() + "." + type.extension();
        }
        if (name.length() > MAX_CHARS) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_CHARS - extension.length()) + extension;
        }
        return name;
    }

    /** For {@code Content-Disposition}: an ASCII fallback and the UTF-8 name (RFC 6266). */
    static String disposition(String kind, String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_");
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
