package io.gatelist.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({"0.0.0.0,0", "192.0.2.1,3221225985", "255.255.255.255,4294967295", "10.0.0.10,167772170"})
    void acceptsDottedQuads(String text, long expected) {
        assertEquals(expected, IpLiterals.parseIpv4(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "010.1.1.1", "1.2.3.256", "0x1.2.3.4", "127.1", " 1.2.3.4",
        "1.2.3.4 ", "1..2.3", "1.2.3.", "1.2.3.4/32", "1234.1.1.1", "a.b.c.d", "1.2.3.00"})
    void refusesEverythingElseAsIpv4(String text) {
        assertEquals(IpLiterals.INVALID, IpLiterals.parseIpv4(text));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:0db7:85a3:0000:0000:8a2e:0370:7334,2001:db7:85a3::8a2e:370:7334",
        "2001:db7:85a3:0:0:8a2e:370:7334,2001:db7:85a3::8a2e:370:7334",
        "2001:db7:85a3::8a2e:370:7334,2001:db7:85a3::8a2e:370:7334",
        "::,::", "::1,::1", "1::,1::", "2001:DB8::A,2001:db8::a",
        "::ffff:192.0.2.1,::ffff:c000:201", "64:ff9b::192.0.2.33,64:ff9b::c000:221",
        "2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1", "2001:db8::1:0:0:1,2001:db8::1:0:0:1",
        "1:2:3:4:5:6:7::,1:2:3:4:5:6:7:0", "::2:3:4:5:6:7:8,0:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4,1:2:3:4:5:6:102:304"})
    void acceptsEveryIpv6TextFormAndFormatsCanonically(String text, String canonical) {
        long[] out = new long[2];
        assertTrue(IpLiterals.parseIpv6(text, out), text);
        assertEquals(canonical, IpLiterals.formatIpv6(out[0], out[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1::2::3", "fe80::1%eth0", "[2001:db8::1]", "2001:db8::12345",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "2001:db8:", ":2001:db8::1", "2001:db8::g", "1.2.3.4",
        "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "2001:db8::1/64"})
    void refusesMalformedIpv6(String text) {
        assertFalse(IpLiterals.parseIpv6(text, new long[2]), text);
    }

    @ParameterizedTest
    @CsvSource({"2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1", "2001:0:0:1:0:0:0:1,2001:0:0:1::1",
        "2001:db8:0:1:0:0:0:0,2001:db8:0:1::", "0:0:0:0:0:0:0:0,::", "1:0:1:0:1:0:1:0,1:0:1:0:1:0:1:0"})
    void canonicalTextFollowsRfc5952(String text, String canonical) {
        long[] out = new long[2];
        assertTrue(IpLiterals.parseIpv6(text, out));
        assertEquals(canonical, IpLiterals.formatIpv6(out[0], out[1]));
    }
}
