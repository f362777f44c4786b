package io.gatelist.gal;

import io.gatelist.policy.IpPrefix;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A Global Approved List nomination as recorded.
 *
 * @param id        the nomination id
 * @param state     where it is in review
 * @param contact   who nominated
 * @param mtas      the Mail Transfer Agent entries
 * @param helos     the HELO/EHLO strings
 * @param importId  the CSV import it came from, or 0 when entered by hand
 * @param createdAt when it was nominated
 * @param checks    what the automatic investigation found
 * @param events    every state change, oldest first
 */
public record Nomination(long id, NominationState state, Contact contact, List<Mta> mtas, List<Helo> helos,
        long importId, OffsetDateTime createdAt, List<Check> checks, List<Event> events) {

    /** The nominating contact. */
    public record Contact(String email, String firstName, String lastName) {
    }

    /**
     * One Mail Transfer Agent entry.
     *
     * @param line the line in the nomination's CSV file, or 0 when entered by hand
     */
    public record Mta(IpPrefix ip, String fqdn, String emailDomain, String companyName, String country,
            CompanyType companyType, int line) {
    }

    /** One HELO/EHLO string. */
    public record Helo(String helo, int line) {
    }

    /**
     * One result of the investigation.
     *
     * @param subject  what it is about: an IP, a domain, a HELO string
     * @param code     a stable kebab-case code
     * @param severity error, warning or info
     * @param message  a sentence for the reviewer
     */
    public record Check(String subject, String code, String severity, String message) {
    }

    /** One state change. */
    public record Event(OffsetDateTime at, String actor, NominationState from, NominationState to, String reason) {
    }
}
