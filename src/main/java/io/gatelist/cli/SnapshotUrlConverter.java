package io.gatelist.cli;

import io.gatelist.report.TerminalText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --from URL}: an absolute http:// or https:// URL with a host; anything else is a command-line error. */
final class SnapshotUrlConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refused(text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw refused(text);
        }
        return uri;
    }

    private static TypeConversionException refused(String text) {
        return new TypeConversionException("\"" + TerminalText.escape(text) + "\" is not an http:// or https:// URL "
                + "(such as http://appliance.example.net:8080/snapshot)");
    }
}
