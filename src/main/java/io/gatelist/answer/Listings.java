package io.gatelist.answer;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.VerdictCodes;

/**
 * Decides what each DNSBL zone says about an address: the snapshot's verdict in the zone's mode (the country
 * steps use the snapshot's IP-to-country table), plus the RFC 5782 self-test rules, which override any list:
 * 127.0.0.2 (and {@code ::ffff:7f00:2}) is listed in every zone, 127.0.0.1 (and {@code ::ffff:7f00:1}) never.
 */
public final class Listings {

    /** 127.0.0.2: listed in every zone so that clients can check that the list works. */
    public static final int TEST_ENTRY = 0x7F000002;
    /** 127.0.0.1: never listed, so that a client never blocks itself. */
    public static final int NEVER_LISTED = 0x7F000001;

    private Listings() {
    }

    /**
     * The listing of an IPv4 address in a zone. Only the step is needed, for the A value and the public text; the
     * entry that matched is never looked up, since nothing outward names it.
     *
     * @param text the public text to render for a TXT answer, or {@code null} when no text is wanted
     * @return the listing, or {@code null} when the address is not listed in this zone
     */
    public static Listing ipv4(PolicySnapshot snapshot, SubZone zone, int address, PublicText text) {
        if (address == TEST_ENTRY) {
            return new Listing(ReturnCodes.testEntry(zone), text != null ? PublicText.TEST_ENTRY : null);
        }
        if (address == NEVER_LISTED) {
            return null;
        }
        long code = snapshot.decideIpv4(address, CountryCodes.UNKNOWN, zone.mode());
        if (!listed(code, zone)) {
            return null;
        }
        Step step = VerdictCodes.step(code);
        return new Listing(ReturnCodes.of(step), text == null ? null
                : text.render(step, IpLiterals.formatIpv4(address)));
    }

    /** The listing of an IPv6 address in a zone; IPv4-mapped addresses answer as their IPv4 address. */
    public static Listing ipv6(PolicySnapshot snapshot, SubZone zone, long high, long low, PublicText text) {
        if (IpLiterals.isIpv4Mapped(high, low)) {
            return ipv4(snapshot, zone, (int) low, text);
        }
        long code = snapshot.evaluateIpv6(high, low, CountryCodes.UNKNOWN, zone.mode());
        if (!listed(code, zone)) {
            return null;
        }
        Step step = VerdictCodes.step(code);
        return new Listing(ReturnCodes.of(step), text == null ? null
                : text.render(step, IpLiterals.formatIpv6(high, low)));
    }

    /** True when a verdict code lists the address in the zone. */
    public static boolean listed(long code, SubZone zone) {
        Step step = VerdictCodes.step(code);
        return step != Step.NONE && step.decision() == zone.listedDecision();
    }
}
