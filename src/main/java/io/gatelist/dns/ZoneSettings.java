package io.gatelist.dns;

import io.gatelist.answer.PublicText;
import io.gatelist.answer.SubZone;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;

/**
 * How the DNSBL zone is served.
 *
 * @param zone        the served zone; {@code r}, {@code q} and {@code a} zones sit under it
 * @param nameservers the NS records at the apex (at least one)
 * @param hostmaster  the SOA responsible mailbox, as a name
 * @param ttl         TTL of answers in the r and a zones and of the apex records, seconds
 * @param dynamicTtl  TTL of answers in the q zone: the dynamic list moves fast, so caches must forget sooner
 * @param negativeTtl how long resolvers may cache "not listed" (the SOA minimum, RFC 2308); the q zone's
 *                    negative answers use the smaller of this and {@code dynamicTtl}
 * @param publicText  the text of TXT answers
 */
public record ZoneSettings(Name zone, List<Name> nameservers, Name hostmaster, long ttl, long dynamicTtl,
        long negativeTtl, PublicText publicText) {

    /** SOA timers; nothing transfers this zone, but resolvers and monitors read them. */
    public static final long REFRESH = 3600;
    public static final long RETRY = 600;
    public static final long EXPIRE = 604800;

    /** The largest TTL RFC 2181 allows. */
    public static final long MAX_TTL = 0x7FFFFFFFL;

    public ZoneSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hostmaster, "hostmaster");
        Objects.requireNonNull(publicText, "publicText");
        nameservers = List.copyOf(nameservers);
        if (!zone.isAbsolute() || !hostmaster.isAbsolute() || nameservers.stream().anyMatch(n -> !n.isAbsolute())) {
            throw new IllegalArgumentException("zone, hostmaster and name server names must be absolute");
        }
        if (nameservers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server is needed");
        }
        for (long t : new long[] {ttl, dynamicTtl, negativeTtl}) {
            if (t < 0 || t > MAX_TTL) {
                throw new IllegalArgumentException("a TTL is 0.." + MAX_TTL + " seconds: " + t);
            }
        }
    }

    /** Settings with the default public text. */
    public ZoneSettings(Name zone, List<Name> nameservers, Name hostmaster, long ttl, long dynamicTtl,
            long negativeTtl) {
        this(zone, nameservers, hostmaster, ttl, dynamicTtl, negativeTtl, PublicText.defaults());
    }

    /**
     * Defaults for a zone: NS {@code ns.ZONE}, hostmaster {@code hostmaster.ZONE}, TTLs 600 / 60 / 300 s, the
     * default public text.
     */
    public static ZoneSettings defaults(Name zone) {
        return new ZoneSettings(zone, List.of(below("ns", zone)), below("hostmaster", zone), 600, 60, 300);
    }

    /** These settings with another public text. */
    public ZoneSettings withPublicText(PublicText text) {
        return new ZoneSettings(zone, nameservers, hostmaster, ttl, dynamicTtl, negativeTtl, text);
    }

    private static Name below(String label, Name zone) {
        try {
            return Name.concatenate(Name.fromConstantString(label), zone);
        } catch (NameTooLongException e) {
            throw new IllegalArgumentException("zone name too long for " + label + "." + zone, e);
        }
    }

    /** The TTL of positive answers in a sub-zone. */
    long answerTtl(SubZone sub) {
        return sub == SubZone.DYNAMIC ? dynamicTtl : ttl;
    }

    /** The TTL of the SOA that goes with a negative answer from a sub-zone (the apex answers as r and a do). */
    long negativeAnswerTtl(SubZone sub) {
        return sub == SubZone.DYNAMIC ? Math.min(negativeTtl, dynamicTtl) : negativeTtl;
    }
}
