package io.gatelist.validation;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Levenshtein;
import io.gatelist.finding.Rule;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a country as written in a list: an ISO 3166-1 alpha-2 code (case-insensitive), or a common English
 * name or alias mapped to its code with an info finding. Codes that look like countries but are not (EU, AP, the
 * legacy geolocation pseudo-codes A1/A2/O1, user-assigned codes, withdrawn codes) are errors that say why.
 *
 * <p>Data-driven: every two-letter code has one slot in a 26×26 table holding its status, so judging a code is
 * an array read; names go through one hash lookup on a folded key. The assigned codes and English names come
 * from the JDK's ISO 3166 data; the aliases are the names people actually type ("UK", "USA", "South Korea").
 */
public final class CountryRules {

    /**
     * The outcome.
     *
     * @param code     the upper-case alpha-2 code, or {@code null} when the value is rejected
     * @param findings what was found
     */
    public record Result(String code, List<Finding> findings) implements Checked {
    }

    private static final byte UNASSIGNED = 0;
    private static final byte ASSIGNED = 1;
    private static final byte NOT_A_COUNTRY = 2;
    private static final byte WITHDRAWN = 3;

    /** Status of every code AA..ZZ, indexed by {@link #slot}. */
    private static final byte[] STATUS = new byte[26 * 26];
    /** The interned code text of every slot, so that an accepted code allocates nothing. */
    private static final String[] CODES = new String[26 * 26];
    /** Why a code in the NOT_A_COUNTRY or WITHDRAWN state is not accepted. */
    private static final String[] REASONS = new String[26 * 26];

    /** Pseudo-codes with digits, which have no slot in the letter table. */
    private static final Map<String, String> PSEUDO_CODES = Map.of(
            "A1", "A1 is a legacy geolocation pseudo-code (anonymous proxy), not a country",
            "A2", "A2 is a legacy geolocation pseudo-code (satellite provider), not a country",
            "O1", "O1 is a legacy geolocation pseudo-code (\"other country\"), not a country");

    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (int a = 0; a < 26; a++) {
            for (int b = 0; b < 26; b++) {
                CODES[a * 26 + b] = ("" + (char) ('A' + a) + (char) ('A' + b)).intern();
            }
        }
        for (String code : Locale.getISOCountries()) {
            STATUS[slot(code.charAt(0), code.charAt(1))] = ASSIGNED;
        }
        // User-assigned (ISO 3166-1 section 3.2.3): AA, QM-QZ, XA-XZ, ZZ. Some geolocation data uses them.
        notACountry("AA", "AA is a user-assigned ISO 3166 code, not a country");
        for (char c = 'M'; c <= 'Z'; c++) {
            notACountry("Q" + c, "Q" + c + " is a user-assigned ISO 3166 code, not a country");
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            notACountry("X" + c, "X" + c + " is a user-assigned ISO 3166 code, not a country");
        }
        notACountry("XK", "XK is a user-assigned code that some use for Kosovo; it is not in ISO 3166-1, so no "
                + "geolocation source reliably returns it");
        notACountry("ZZ", "ZZ means \"unknown or unspecified country\" (user-assigned), not a country");
        notACountry("EU", "EU is reserved for the European Union, not a country: list the member states");
        notACountry("AP", "AP is the Asia/Pacific regional-registry code used in RIR data, not a country");
        notACountry("UN", "UN is reserved for the United Nations, not a country");
        notACountry("EZ", "EZ is reserved for the eurozone, not a country");
        notACountry("AC", "AC (Ascension Island) is an exceptionally reserved code; geolocation reports SH");
        notACountry("TA", "TA (Tristan da Cunha) is an exceptionally reserved code; geolocation reports SH");
        notACountry("CP", "CP (Clipperton Island) is an exceptionally reserved code; geolocation reports FR");
        notACountry("DG", "DG (Diego Garcia) is an exceptionally reserved code; geolocation reports IO");
        notACountry("EA", "EA (Ceuta, Melilla) is an exceptionally reserved code; geolocation reports ES");
        notACountry("IC", "IC (Canary Islands) is an exceptionally reserved code; geolocation reports ES");
        notACountry("FX", "FX (metropolitan France) is an exceptionally reserved code; write FR");
        withdrawn("AN", "AN (Netherlands Antilles) was withdrawn in 2011: write CW, SX or BQ");
        withdrawn("BU", "BU (Burma) was withdrawn in 1989: write MM");
        withdrawn("CS", "CS (Serbia and Montenegro; earlier Czechoslovakia) was withdrawn: write RS or ME (CZ or SK)");
        withdrawn("DD", "DD (East Germany) was withdrawn in 1990: write DE");
        withdrawn("NT", "NT (Neutral Zone) was withdrawn in 1993: write SA or IQ");
        withdrawn("SF", "SF (Finland's former code) is not used: write FI");
        withdrawn("SU", "SU (USSR) was withdrawn in 1992: write the successor state's code (RU, UA, ...)");
        withdrawn("TP", "TP (East Timor) was withdrawn in 2002: write TL");
        withdrawn("YU", "YU (Yugoslavia) was withdrawn in 2003: write RS, ME, HR, SI, BA or MK");
        withdrawn("ZR", "ZR (Zaire) was withdrawn in 1997: write CD");

        for (String code : Locale.getISOCountries()) {
            NAMES.put(key(new Locale("", code).getDisplayCountry(Locale.ENGLISH)), code);
        }
        String[][] aliases = {
            {"UK", "GB"}, {"United Kingdom", "GB"}, {"Great Britain", "GB"}, {"Britain", "GB"}, {"England", "GB"},
            {"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"},
            {"USA", "US"}, {"U.S.A.", "US"}, {"U.S.", "US"}, {"United States of America", "US"}, {"America", "US"},
            {"Russia", "RU"}, {"Russian Federation", "RU"}, {"South Korea", "KR"}, {"Korea", "KR"},
            {"Republic of Korea", "KR"}, {"North Korea", "KP"}, {"Vietnam", "VN"}, {"Viet Nam", "VN"},
            {"Iran", "IR"}, {"Syria", "SY"}, {"Laos", "LA"}, {"Bolivia", "BO"}, {"Venezuela", "VE"},
            {"Tanzania", "TZ"}, {"Moldova", "MD"}, {"Czech Republic", "CZ"}, {"Czechia", "CZ"},
            {"Ivory Coast", "CI"}, {"Cote d'Ivoire", "CI"}, {"Holland", "NL"}, {"The Netherlands", "NL"},
            {"UAE", "AE"}, {"Emirates", "AE"}, {"Macedonia", "MK"}, {"North Macedonia", "MK"}, {"Burma", "MM"},
            {"Myanmar", "MM"}, {"Taiwan", "TW"}, {"Hong Kong", "HK"}, {"Macau", "MO"}, {"Macao", "MO"},
            {"Palestine", "PS"}, {"Vatican", "VA"}, {"Vatican City", "VA"}, {"Holy See", "VA"}, {"Brunei", "BN"},
            {"Cape Verde", "CV"}, {"Swaziland", "SZ"}, {"East Timor", "TL"}, {"Micronesia", "FM"},
            {"Turkey", "TR"}, {"Turkiye", "TR"}, {"Congo-Kinshasa", "CD"}, {"DR Congo", "CD"},
            {"Democratic Republic of the Congo", "CD"}, {"Congo-Brazzaville", "CG"}, {"Republic of the Congo", "CG"},
            {"Bosnia", "BA"}, {"Bosnia and Herzegovina", "BA"}, {"Trinidad", "TT"}, {"St Lucia", "LC"},
            {"Saint Lucia", "LC"}, {"Deutschland", "DE"}, {"Espana", "ES"}, {"Schweiz", "CH"}, {"Suisse", "CH"},
        };
        for (String[] alias : aliases) {
            NAMES.put(key(alias[0]), alias[1]);
        }
    }

    private CountryRules() {
    }

    /** Judges a country value (surrounding white space is ignored). */
    public static Result check(String column, String raw) {
        String value = raw.strip();
        if (value.length() == 2) {
            // Every pseudo-code ends in a digit: a letter pair (nearly every row) skips the upper-cased copy.
            char second = value.charAt(1);
            String pseudo = second >= '0' && second <= '9' ? PSEUDO_CODES.get(value.toUpperCase(Locale.ROOT)) : null;
            if (pseudo != null) {
                return rejected(Rule.COUNTRY_NOT_A_COUNTRY, column, raw, pseudo);
            }
            int slot = slot(value.charAt(0), value.charAt(1));
            if (slot >= 0) {
                switch (STATUS[slot]) {
                    case ASSIGNED -> {
                        return new Result(CODES[slot], List.of());
                    }
                    case NOT_A_COUNTRY -> {
                        return rejected(Rule.COUNTRY_NOT_A_COUNTRY, column, raw, REASONS[slot]);
                    }
                    case WITHDRAWN -> {
                        return rejected(Rule.COUNTRY_WITHDRAWN, column, raw, REASONS[slot]);
                    }
                    default -> {
                        // not assigned as a code: perhaps an alias ("UK")
                    }
                }
            }
        }
        String code = NAMES.get(key(value));
        if (code != null) {
            return new Result(code, List.of(Finding.of(Rule.COUNTRY_NAME_MAPPED, column, raw,
                    "\"" + raw + "\" is not an ISO 3166-1 code; mapped to " + code + " ("
                            + new Locale("", code).getDisplayCountry(Locale.ENGLISH) + ")")));
        }
        String suggestion = value.length() > 3 ? nearestName(value) : null;
        return rejected(Rule.COUNTRY_UNKNOWN, column, raw, "\"" + raw + "\" is not "
                + (value.length() == 2 ? "an assigned ISO 3166-1 alpha-2 code" : "an ISO 3166-1 alpha-2 code or a "
                + "country name Gatelist knows") + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
    }

    private static int slot(char a, char b) {
        int x = Character.toUpperCase(a) - 'A';
        int y = Character.toUpperCase(b) - 'A';
        return x < 0 || x > 25 || y < 0 || y > 25 ? -1 : x * 26 + y;
    }

    private static void notACountry(String code, String reason) {
        STATUS[slot(code.charAt(0), code.charAt(1))] = NOT_A_COUNTRY;
        REASONS[slot(code.charAt(0), code.charAt(1))] = reason;
    }

    private static void withdrawn(String code, String reason) {
        STATUS[slot(code.charAt(0), code.charAt(1))] = WITHDRAWN;
        REASONS[slot(code.charAt(0), code.charAt(1))] = reason;
    }

    private static Result rejected(Rule rule, String column, String raw, String message) {
        return new Result(null, List.of(Finding.of(rule, column, raw, message)));
    }

    /**
     * Suggestions already computed, by the value's key ("" for none): a file that misspells a country usually does
     * it on many rows, and each search compares with every known name. Bounded: past {@value #SUGGESTIONS_KEPT}
     * values, new ones are searched each time.
     */
    private static final Map<String, String> SUGGESTIONS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SUGGESTIONS_KEPT = 4096;

    /** The known name at most two edits from {@code value}, as "Name (CC)", or {@code null}. */
    private static String nearestName(String value) {
        String k = key(value);
        String known = SUGGESTIONS.get(k);
        if (known == null) {
            known = searchNearest(k);
            if (SUGGESTIONS.size() < SUGGESTIONS_KEPT) {
                SUGGESTIONS.put(k, known);
            }
        }
        return known.isEmpty() ? null : known;
    }

    private static String searchNearest(String k) {
        String best = null;
        int bestDistance = k.length() > 6 ? 3 : 2;
        for (Map.Entry<String, String> e : NAMES.entrySet()) {
            int d = Levenshtein.distance(k, e.getKey(), bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getValue();
            }
        }
        return best == null ? "" : new Locale("", best).getDisplayCountry(Locale.ENGLISH) + " (" + best + ")";
    }

    /** Folds case, accents, punctuation and spacing so that "Côte d’Ivoire" and "cote divoire" meet. */
    static String key(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = Character.toLowerCase(folded.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
