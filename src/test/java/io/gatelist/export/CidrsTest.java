package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Range splitting agrees with the IPAddress library's {@code spanWithPrefixBlocks}, the field's reference. */
class CidrsTest {

    @Property(tries = 500)
    void ipv4RangesSplitLikeTheReference(@ForAll int a, @ForAll int b) {
        long x = Integer.toUnsignedLong(a);
        long y = Integer.toUnsignedLong(b);
        long start = Math.min(x, y);
        long end = Math.max(x, y);
        List<String> ours = new ArrayList<>();
        Cidrs.split(4, 0, start, 0, end, p -> ours.add(text(p)));
        assertEquals(reference(IpLiterals.formatIpv4((int) start), IpLiterals.formatIpv4((int) end)), ours);
    }

    @Property(tries = 500)
    void ipv6RangesSplitLikeTheReference(@ForAll long h1, @ForAll long l1, @ForAll long h2, @ForAll long l2,
            @ForAll boolean near) {
        if (near) { // also ranges within one /64, where the low half decides
            h2 = h1;
        }
        boolean firstSmaller = Long.compareUnsigned(h1, h2) < 0
                || (h1 == h2 && Long.compareUnsigned(l1, l2) <= 0);
        long sh = firstSmaller ? h1 : h2;
        long sl = firstSmaller ? l1 : l2;
        long eh = firstSmaller ? h2 : h1;
        long el = firstSmaller ? l2 : l1;
        List<String> ours = new ArrayList<>();
        Cidrs.split(6, sh, sl, eh, el, p -> ours.add(text(p)));
        assertEquals(reference(IpLiterals.formatIpv6(sh, sl), IpLiterals.formatIpv6(eh, el)), ours);
    }

    @Test
    void theWholeSpaceIsOneBlock() {
        List<String> v4 = new ArrayList<>();
        Cidrs.split(4, 0, 0, 0, 0xFFFF_FFFFL, p -> v4.add(text(p)));
        assertEquals(List.of("0.0.0.0/0"), v4);
        List<String> v6 = new ArrayList<>();
        Cidrs.split(6, 0, 0, -1L, -1L, p -> v6.add(text(p)));
        assertEquals(List.of("::/0"), v6);
        List<String> last = new ArrayList<>();
        Cidrs.split(6, -1L, -2L, -1L, -1L, p -> last.add(text(p)));
        assertEquals(List.of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"), last);
    }

    private static String text(IpPrefix p) {
        return p.canonical() + (p.isHost() ? "/" + p.width() : "");
    }

    private static List<String> reference(String start, String end) {
        IPAddress a = new IPAddressString(start).getAddress();
        IPAddress b = new IPAddressString(end).getAddress();
        return Arrays.stream(a.spanWithPrefixBlocks(b)).map(block -> {
            String address = block.getLower().withoutPrefixLength().toCanonicalString();
            int length = block.getPrefixLength() == null ? block.getBitCount() : block.getPrefixLength();
            return address + "/" + length;
        }).toList();
    }
}
