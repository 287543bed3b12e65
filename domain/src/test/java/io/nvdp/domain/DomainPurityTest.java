package io.nvdp.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain imports the JDK (java.*) and itself only, and keeps no static mutable state. */
class DomainPurityTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern STATIC_FIELD = Pattern.compile(
            "^\\s*(?:private|public|protected)?\\s*static\\s+(?!final)(?!class|interface|record|enum|<)[\\w<>\\[\\], ?]+\\s+\\w+\\s*[;=]",
            Pattern.MULTILINE);

    @Test
    void mainCodeImportsOnlyJavaAndTheDomain() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(2);
                if (!name.startsWith("java.") && !name.startsWith("io.nvdp.domain")) {
                    offending.add(file + ": " + name);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void mainCodeHasNoStaticMutableFields() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = STATIC_FIELD.matcher(Files.readString(file));
            while (m.find()) {
                offending.add(file + ": " + m.group().trim());
            }
        }
        assertThat(offending).isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(list).isNotEmpty();
            return list;
        }
    }
}
