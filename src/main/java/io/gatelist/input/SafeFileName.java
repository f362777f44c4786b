package io.gatelist.input;

import java.nio.file.Path;

/**
 * Turns a file name from outside (an inbox, a command line) into a name that is safe to use inside the home:
 * only its last element, only {@code [A-Za-z0-9._-]}, no leading dots, bounded length. The result is never used
 * to reach outside the folder it is resolved against.
 */
public final class SafeFileName {

    private static final int MAX_LENGTH = 120;

    private SafeFileName() {
    }

    public static String of(String original) {
        String last = original == null ? "" : original.replace('\\', '/');
        int slash = last.lastIndexOf('/');
        last = slash >= 0 ? last.substring(slash + 1) : last;
        StringBuilder sb = new StringBuilder(last.length());
        for (int i = 0; i < last.length() && sb.length() < MAX_LENGTH; i++) {
            char c = last.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        String name = sb.toString().replaceFirst("^[.]+", "");
        return name.isEmpty() ? "file.csv" : name;
    }

    /** The safe name of a path's last element. */
    public static String of(Path path) {
        Path name = path.getFileName();
        return of(name == null ? "" : name.toString());
    }
}
