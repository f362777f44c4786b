package io.gatelist.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the named source a file is a version of from its name: the name without a trailing date, timestamp or
 * version, so that {@code partner-blocked-2026-11-23.csv}, {@code partner-blocked_v7.csv} and
 * {@code partner-blocked.20261124T0300.csv} are versions of {@code partner-blocked.csv}.
 */
public final class SourceNames {

    private static final Pattern SUFFIXED = Pattern.compile(
            "^(.+?)((?:[-_.](?:v\\d+|\\d{4}-?\\d{2}-?\\d{2}(?:[T_-]?\\d{2}(?::?\\d{2}){0,2})?|\\d{10,14}))+)"
                    + "(\\.[A-Za-z0-9]{1,8})?$",
            Pattern.CASE_INSENSITIVE);

    private SourceNames() {
    }

    /** The source name for a file name (only its last path element is used). */
    public static String of(String fileName) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        Matcher m = SUFFIXED.matcher(name);
        if (m.matches()) {
            return m.group(1) + (m.group(3) == null ? "" : m.group(3));
        }
        return name;
    }
}
