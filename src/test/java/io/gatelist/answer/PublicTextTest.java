package io.gatelist.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The public text: its placeholders, its forms for DNS, rbldnsd and Postfix, and what a template may not hold. */
class PublicTextTest {

    @Test
    void theDefaultNamesTheStepAndTheUrlNeverASource() {
        assertEquals("Blocked by policy (blocked-ip)", PublicText.defaults().render(Step.BLOCKED_IP, "192.0.2.1"));
        assertEquals("Approved by policy (global-approved)", PublicText.defaults().render(Step.GLOBAL_APPROVED,
                "192.0.2.1"));
        assertEquals("Blocked by policy (reputation-dynamic); see https://bl.example.org/lookup?ip=2001:db8::1",
                PublicText.of(" ", "https://bl.example.org/lookup?ip=$").render(Step.REPUTATION_DYNAMIC,
                        "2001:db8::1"));
    }

    @Test
    void placeholdersAreReplacedAndRbldnsdGetsItsOwnDollarSyntax() {
        PublicText t = PublicText.of("${decision} at ${step}: $ costs $$5, see ${url}", "https://x.example/?a=$&b=$$");
        assertEquals("Blocked at blocked-country: 192.0.2.7 costs $5, see https://x.example/?a=192.0.2.7&b=$",
                t.render(Step.BLOCKED_COUNTRY, "192.0.2.7"));
        assertEquals("Blocked at blocked-country: $ costs $$5, see https://x.example/?a=$&b=$$",
                t.forRbldnsd().render(Step.BLOCKED_COUNTRY, "192.0.2.7"));
        assertEquals("Bloqué par la politique (blocked-ip) — voir 203.0.113.0/24",
                PublicText.of("Bloqué par la politique (${step}) — voir $", null).render(Step.BLOCKED_IP,
                        "203.0.113.0/24"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "listed by ${source}|the template holds ${source}",
        "listed ${step|the template holds ${step",
        "see $1|the template holds $1, which rbldnsd reads as its own variable",
        "see $=|the template holds $=",
        "=listed|must not start with \"=\"",
        "quoted \"text\"|which zone files and Postfix tables read specially",
        "back\\slash|which zone files and Postfix tables read specially",
        "see ${url}|uses ${url}, but no URL is set",
    })
    void badTemplatesAreRefusedWithTheReason(String template, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicText.of(template, null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void controlAndFormatCharactersAreRefusedSoNoTextSpansTwoLines() {
        for (String bad : new String[] {"line\r\n250 OK", "tab\there", "esc\u001b[2J", "nul\u0000", "del\u007f",
            "c1\u0085", "rtl\u202eoverride", "zero\u200bwidth", "sep\u2028arator"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicText.of(bad, null),
                    bad);
            assertTrue(e.getMessage().contains("not a printable character"), e.getMessage());
        }
    }

    @Test
    void theLongestExpansionMustFitOneTxtString() {
        // The longest decision and step take 26 characters, $ up to 43 (an IPv6 block).
        String fits = "x".repeat(PublicText.MAX_BYTES - 26 - 43) + "${decision}${step}$";
        assertEquals(PublicText.MAX_BYTES, PublicText.of(fits, null).render(Step.REPUTATION_STANDARD,
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124").length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublicText.of("x" + fits, null));
        assertTrue(e.getMessage().contains("expands to up to 255 bytes"), e.getMessage());
        // Bytes of UTF-8, not characters.
        assertThrows(IllegalArgumentException.class, () -> PublicText.of("é".repeat(128), null));
        assertEquals(PublicText.MAX_BYTES, PublicText.of("é".repeat(127), null).render(Step.BLOCKED_IP, "x")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void aUrlIsOneAbsoluteUrlOfPrintableAscii() {
        for (String bad : new String[] {"bl.example.org/lookup", "https://bl.example.org/a b", "https://bücher.example/",
            "https://x.example/${step}", "https://x.example/a\nb"}) {
            assertThrows(IllegalArgumentException.class, () -> PublicText.of(null, bad), bad);
        }
        assertEquals("Blocked by policy (blocked-ip); see https://xn--bcher-kva.example/?ip=192.0.2.1",
                PublicText.of(null, "https://xn--bcher-kva.example/?ip=$").render(Step.BLOCKED_IP, "192.0.2.1"));
    }
}
