package io.gatelist.gal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The fixed vocabulary for a nominated sender's type of company, matched case-insensitively. */
public enum CompanyType {
    ISP("isp", "Internet service provider"),
    ESP("esp", "Email service provider (sends on behalf of others)"),
    ENTERPRISE("enterprise", "A company sending its own mail"),
    GOVERNMENT("government", "A government body"),
    EDUCATION("education", "A school, university or research network"),
    NON_PROFIT("non-profit", "A non-profit organisation"),
    OTHER("other", "None of the above");

    private final String id;
    private final String description;

    CompanyType(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Parses a type ("ESP", "non-profit", "Non profit", "nonprofit"), or returns {@code null}. */
    public static CompanyType parse(String text) {
        if (text == null) {
            return null;
        }
        String key = text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        for (CompanyType t : values()) {
            if (t.id.replace("-", "").equals(key)) {
                return t;
            }
        }
        return null;
    }

    /** "isp, esp, enterprise, …" for messages. */
    public static String vocabulary() {
        return Arrays.stream(values()).map(CompanyType::id).collect(Collectors.joining(", "));
    }
}
