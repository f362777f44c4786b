package io.gatelist.lookup;

/**
 * Maps ISO 3166-1 alpha-2 codes to small integers (0..675) so that country steps are array lookups.
 */
public final class CountryCodes {

    /** Number of two-letter combinations; every index is below this. */
    public static final int SIZE = 26 * 26;

    /** The index meaning "country not given": the snapshot's IP-to-country table decides. */
    public static final int UNKNOWN = -1;

    private CountryCodes() {
    }

    /**
     * The index of a two-letter code, case-insensitive.
     *
     * @return 0..675, or {@link #UNKNOWN} for {@code null}, empty or anything that is not two ASCII letters
     */
    public static int index(CharSequence code) {
        if (code == null || code.length() != 2) {
            return UNKNOWN;
        }
        int a = letter(code.charAt(0));
        int b = letter(code.charAt(1));
        return a < 0 || b < 0 ? UNKNOWN : a * 26 + b;
    }

    /** The upper-case two-letter code for an index from {@link #index(CharSequence)}. */
    public static String code(int index) {
        if (index < 0 || index >= SIZE) {
            throw new IllegalArgumentException("not a country index: " + index);
        }
        return new String(new char[] {(char) ('A' + index / 26), (char) ('A' + index % 26)});
    }

    private static int letter(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        return -1;
    }
}
