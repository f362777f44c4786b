package io.gatelist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "partner-2026.csv: 203.0.113.7 «ok» é 漢";
        assertSame(text, TerminalText.escape(text));
    }

    @Test
    void lineEndsCannotForgeALogLine() {
        assertEquals("a.csv\\n2026-12-08T00:00:00Z import 9 ACCEPTED",
                TerminalText.escape("a.csv\n2026-12-08T00:00:00Z import 9 ACCEPTED"));
        assertEquals("x\\r\\ty", TerminalText.escape("x\r\ty"));
    }

    @Test
    void terminalEscapesAndNulAreShownNotObeyed() {
        assertEquals("\\x1b[2J\\x00\\x7f\\x9b31m", TerminalText.escape("\u001b[2J\u0000\u007f\u009b31m"));
    }

    @Test
    void bidirectionalOverridesAreShown() {
        assertEquals("invoice\\u202etxt.exe", TerminalText.escape("invoice\u202etxt.exe"));
        assertEquals("a\\u2028b\\u2066c", TerminalText.escape("a\u2028b\u2066c"));
    }

    @Test
    void nullIsNamed() {
        assertEquals("null", TerminalText.escape(null));
    }
}
