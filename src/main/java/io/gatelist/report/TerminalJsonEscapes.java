package io.gatelist.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * Jackson escapes for JSON that people read on a terminal: besides the C0 controls that JSON itself requires
 * escaped, every character {@link TerminalText#unsafe} (DEL, C1 controls, line separators, bidirectional overrides)
 * is written as a six-character escape (backslash, u, four hex digits). The JSON stays valid and means the same;
 * only the bytes that reach the terminal change. Set with {@code generator.setCharacterEscapes(...)}.
 */
public final class TerminalJsonEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    public TerminalJsonEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch <= 0xFFFF && TerminalText.unsafe((char) ch)
                ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
    }
}
