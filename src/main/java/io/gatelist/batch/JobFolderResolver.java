package io.gatelist.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jberet.spi.JobXmlResolver;

/**
 * Resolves job XML from a folder ({@code jobs/} at the top of the project), so that operators read and edit
 * the jobs they run. A job is looked up as {@code <folder>/<job id>.xml}; a restart in a new JVM looks it up
 * again by the same id. Only plain names are accepted: a job name never becomes a path outside the folder.
 */
final class JobFolderResolver implements JobXmlResolver {

    private final Path folder;

    JobFolderResolver(Path folder) {
        this.folder = folder;
    }

    @Override
    public InputStream resolveJobXml(String jobXml, ClassLoader classLoader) throws IOException {
        String name = jobXml.endsWith(".xml") ? jobXml : jobXml + ".xml";
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.xml")) {
            return null;
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
    }

    @Override
    public Collection<String> getJobXmlNames(ClassLoader classLoader) {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.xml")) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException e) {
                return names;
            }
        }
        return names;
    }

    @Override
    public String resolveJobName(String jobXml, ClassLoader classLoader) {
        return null;
    }
}
