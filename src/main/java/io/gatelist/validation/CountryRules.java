package io.gatelist.validation;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges a country as written in a list: an ISO 3166-1 alpha-2 code (case-insensitive), or a common English
 * name or alias mapped to its code with an info finding. The code set and English names come from the JDK's
 * ISO 3166 data; aliases cover the names people actually type ("UK", "USA", "Russia", "South Korea").
 */
public final class CountryRules {

    /**
     * The outcome.
     *
     * @param code     the upper-case alpha-2 code, or {@code null} when the value is rejected
     * @param findings what was found
     */
    public record Result(String code, List<Finding> findings) {
    }

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    /** Codes that look like countries but are not, each with the reason a reviewer needs. */
    private static final Map<String, String> NOT_COUNTRIES = Map.of(
            "EU", "EU is reserved for the European Union, not a country: give the member state",
            "AP", "AP is a regional-registry code for Asia/Pacific, not a country",
            "ZZ", "ZZ means \"unknown country\" (user-assigned), not a country",
            "A1", "A1 is a legacy geolocation pseudo-code (anonymous proxy), not a country",
            "A2", "A2 is a legacy geolocation pseudo-code (satellite provider), not a country",
            "O1", "O1 is a legacy geolocation pseudo-code (other country), not a country");

    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String code : ISO_CODES) {
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

    /** Judges a country value. */
    public static Result check(String column, String raw) {
        String value = raw.strip();
        if (value.length() == 2) {
            String code = value.toUpperCase(Locale.ROOT);
            if (NOT_COUNTRIES.containsKey(code)) {
                return rejected(Rule.COUNTRY_NOT_A_COUNTRY, column, raw, NOT_COUNTRIES.get(code));
            }
            if (isUserAssigned(code)) {
                return rejected(Rule.COUNTRY_NOT_A_COUNTRY, column, raw,
                        code + " is a user-assigned ISO 3166 code (AA, QM-QZ, XA-XZ, ZZ), not a country");
            }
            if (ISO_CODES.contains(code)) {
                return new Result(code, List.of());
            }
            String alias = NAMES.get(key(value));
            if (alias != null) {
                return new Result(alias, List.of(Finding.of(Rule.COUNTRY_NAME_MAPPED, column, raw,
                        "\"" + raw + "\" is not an ISO code; mapped to " + alias)));
            }
            return rejected(Rule.COUNTRY_UNKNOWN, column, raw,
                    "\"" + raw + "\" is not an assigned ISO 3166-1 alpha-2 code");
        }
        String code = NAMES.get(key(value));
        if (code != null) {
            return new Result(code, List.of(Finding.of(Rule.COUNTRY_NAME_MAPPED, column, raw,
                    "\"" + raw + "\" mapped to " + code)));
        }
        return rejected(Rule.COUNTRY_UNKNOWN, column, raw,
                "\"" + raw + "\" is not an ISO 3166-1 alpha-2 code or a known country name");
    }

    private static boolean isUserAssigned(String code) {
        char a = code.charAt(0);
        char b = code.charAt(1);
        return code.equals("AA") || code.equals("ZZ") || (a == 'Q' && b >= 'M' && b <= 'Z') || a == 'X';
    }

    private static Result rejected(Rule rule, String column, String raw, String message) {
        return new Result(null, List.of(Finding.of(rule, column, raw, message)));
    }

    /** Folds case, accents, punctuation and spacing so that "Côte d’Ivoire" and "cote divoire" meet. */
    private static String key(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
