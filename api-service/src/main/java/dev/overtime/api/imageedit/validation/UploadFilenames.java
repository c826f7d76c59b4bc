package dev.overtime.api.imageedit.validation;

/**
 * The name an upload is stored and forwarded upstream under. A client's filename is only a label, yet it travels
 * into the upstream's multipart part headers and into logs and responses: so it keeps its last path segment, loses
 * control characters (CR/LF would forge headers), quotes and backslashes (they would end or escape the quoted
 * parameter), and is cut to 255 characters. Nothing left: no name (the job's role and position stand in).
 */
public final class UploadFilenames {

    static final int MAX_LENGTH = 255;

    private UploadFilenames() {
    }

    public static String sanitise(String filename) {
        if (filename == null) {
            return null;
        }
        String last = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder(Math.min(last.length(), MAX_LENGTH));
        last.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != '"' && c != '\'' && c != '\\'
                        && Character.getType(c) != Character.FORMAT && c != 0x2028 && c != 0x2029)
                .forEach(c -> {
                    if (safe.length() + Character.charCount(c) <= MAX_LENGTH) {
                        safe.appendCodePoint(c);
                    }
                });
        String name = safe.toString().strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
    }
}
