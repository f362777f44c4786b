package io.gatelist.overlap;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.math.BigInteger;

/** Policy entries for overlap tests, parsed with IPAddress (not with the code under test). */
final class Entries {

    private Entries() {
    }

    static PolicyEntry approved(String value, String source, int line) {
        return entry(ListName.APPROVED, value, source, line);
    }

    static PolicyEntry blocked(String value, String source, int line) {
        return entry(ListName.BLOCKED, value, source, line);
    }

    /** An ip entry for a CIDR or address, or a country entry for a two-letter code. */
    static PolicyEntry entry(ListName list, String value, String source, int line) {
        if (value.length() == 2 && Character.isLetter(value.charAt(0))) {
            return new PolicyEntry(list, EntryKind.COUNTRY, null, value, source, line, null);
        }
        return new PolicyEntry(list, EntryKind.IP, prefix(value), null, source, line, null);
    }

    /** CIDR text for a prefix, written by IPAddress. */
    static String prefixText(IpPrefix p) {
        IPAddress address = p.family() == 4 ? new inet.ipaddr.ipv4.IPv4Address((int) p.low())
                : new inet.ipaddr.ipv6.IPv6Address(p.high(), p.low());
        return address.toCanonicalString() + "/" + p.length();
    }

    /** The prefix for CIDR text, kept in the family it is written in (an IPv4-mapped range stays IPv6). */
    static IpPrefix prefix(String text) {
        IPAddress address = new IPAddressString(text).getAddress();
        if (address == null) {
            throw new IllegalArgumentException(text);
        }
        Integer length = address.getNetworkPrefixLength();
        IPAddress block = address.toPrefixBlock().getLower().withoutPrefixLength();
        if (address.isIPv4()) {
            return IpPrefix.ipv4(block.toIPv4().intValue(), length == null ? 32 : length);
        }
        BigInteger value = block.getValue();
        long high = value.shiftRight(64).longValue();
        long low = value.longValue();
        return IpPrefix.ipv6(high, low, length == null ? 128 : length);
    }
}
