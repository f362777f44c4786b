package io.gatelist.cli;

import io.gatelist.answer.PublicText;
import io.gatelist.home.ApplianceHome;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that show listings to the outside ({@code serve-dns}, {@code export}): the public
 * text's template and URL ({@link PublicText}). A command given {@code --snapshot} can run where there is no home;
 * otherwise, and wherever the options are not given, the home's {@code gatelist.properties} sets them
 * ({@code public-text.template}, {@code public-text.url}), read only when the home exists: these commands never
 * create one.
 */
final class PublicTextOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--public-text", paramLabel = "TEMPLATE",
            // picocli reads ${...} in descriptions as its own variables and $$ as one $: escaped as $${ and $$$$
            description = "The text of TXT answers and REJECT lines, seen by anyone who is refused, so naming no "
                    + "internal file: $ is the address (in the Postfix export, the line's block), $$$$ a dollar sign, "
                    + "$${step} the step, $${decision} Blocked or Approved, $${url} the --public-url. Default: "
                    + PublicText.TEMPLATE_SETTING + " in the home's gatelist.properties, else \""
                    + "$${decision} by policy ($${step})\", followed by \"; see $${url}\" when a URL is set.")
    String template;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "A page that explains a listing, e.g. https://bl.example.org/lookup?ip=$ (default: "
                    + PublicText.URL_SETTING + " in the home's gatelist.properties, else none).")
    String url;

    /**
     * The public text.
     *
     * @throws ParameterException       when an option is not valid (exit code 2)
     * @throws IllegalArgumentException when a setting of the home is not valid, naming the file and the key
     */
    PublicText resolve(Path home) {
        Properties settings = new Properties();
        Path file = home.resolve(ApplianceHome.CONFIG_FILE);
        if ((template == null || url == null) && Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
            }
        }
        String t = template != null ? template : settings.getProperty(PublicText.TEMPLATE_SETTING);
        String u = url != null ? url : settings.getProperty(PublicText.URL_SETTING);
        try {
            return PublicText.of(t, u);
        } catch (IllegalArgumentException e) {
            // Name where the template and URL came from; an option given makes it a command-line error.
            String from = (template != null ? "--public-text" : t != null ? PublicText.TEMPLATE_SETTING : "")
                    + (url != null ? " --public-url" : u != null ? " " + PublicText.URL_SETTING : "");
            if (template != null || url != null) {
                throw new ParameterException(spec.commandLine(), from.strip() + ": " + e.getMessage());
            }
            throw new IllegalArgumentException(file + " (" + from.strip() + "): " + e.getMessage());
        }
    }
}
