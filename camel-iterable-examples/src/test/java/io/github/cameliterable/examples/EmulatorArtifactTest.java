package io.github.cameliterable.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/emulator.md's dependency snippet: it defines the version property it uses, excludes what would clash
 * (slf4j-api 1.7, an old jackson-core) as this module's pom does, and with it the emulator runs on slf4j 2 with a
 * real logger, Iterable's spec and its license inside the test-jar.
 */
class EmulatorArtifactTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theSnippetDefinesItsVersionAndExcludesWhatClashes() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/emulator.md"));
        String snippet = page.substring(page.indexOf("```xml"), page.indexOf("```", page.indexOf("```xml") + 6));
        assertTrue(snippet.contains("<camel-iterable.version>") && snippet.contains("${camel-iterable.version}"), snippet);
        String pom = Files.readString(Path.of("pom.xml"));
        for (String artifact : new String[]{"slf4j-api", "jackson-core"}) {
            assertTrue(excluded(snippet, artifact), "the snippet excludes " + artifact);
            assertTrue(excluded(pom, artifact), "this module, which runs the emulator, excludes " + artifact + " too");
        }
    }

    private static boolean excluded(String xml, String artifact) {
        Matcher exclusions = Pattern.compile("swagger-request-validator-core</artifactId>(.*?)</dependency>",
                Pattern.DOTALL).matcher(xml);
        return exclusions.find() && exclusions.group(1)
                .replaceAll("\\s", "")
                .contains("<artifactId>" + artifact + "</artifactId></exclusion>");
    }

    @Test
    void theEmulatorRunsOnSlf4j2WithARealLoggerAndShipsItsSpec() throws Exception {
        // slf4j 2 finds its provider through ServiceLoader; with 1.7 on the classpath logback would go unused
        assertNotNull(Class.forName("org.slf4j.spi.SLF4JServiceProvider"));
        assertEquals("ch.qos.logback.classic.LoggerContext", LoggerFactory.getILoggerFactory().getClass().getName());
        assertNotNull(getClass().getResource("/iterable-api/api-docs.json"), "the spec, from the test-jar");
        assertNotNull(getClass().getResource("/iterable-api/LICENSE"), "its MIT license beside it");
    }
}
