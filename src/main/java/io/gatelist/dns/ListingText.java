package io.gatelist.dns;

import io.gatelist.lookup.MatchedEntry;
import io.gatelist.lookup.Verdict;

/**
 * The TXT text of a listing: the deciding step and the entry that matched, e.g.
 * {@code blocked-ip 203.0.113.0/24 (blocked.csv line 4)}. The DNS responder and the rbldnsd export use this one
 * formatter so that both answer the same text.
 */
public final class ListingText {

    /** The text of the RFC 5782 test entry. */
    public static final String TEST_ENTRY = "RFC 5782 test entry";

    /** One TXT character-string holds at most 255 bytes; longer texts are cut there. */
    public static final int MAX_LENGTH = 255;

    private ListingText() {
    }

    /** The text for a verdict whose step lists the address. */
    public static String of(Verdict verdict) {
        StringBuilder text = new StringBuilder(96).append(verdict.step().id());
        MatchedEntry e = verdict.matched();
        if (e != null) {
            text.append(' ').append(e.value()).append(" (").append(e.source());
            if (e.line() > 0) {
                text.append(" line ").append(e.line());
            }
            text.append(')');
        }
        return clean(text);
    }

    /**
     * Keeps printable ASCII only, so that the text reads the same in every resolver, and in rbldnsd and Postfix
     * files: source names are file names and may hold anything. Quotes and backslashes, which zone-file and
     * table syntaxes treat specially, become {@code _} as well.
     */
    static String clean(CharSequence raw) {
        int length = Math.min(raw.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            out.append(c < 0x20 || c > 0x7E || c == '"' || c == '\\' ? '_' : c);
        }
        return out.toString();
    }
}
