package io.github.cameliterable.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.examples.docs.DocsExampleRunner.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Docs that run: every Java, YAML and properties example of README.md, docs/*.md and the component's adoc carries a
 * marker (see {@link DocsExample}) and is either quoted verbatim from a tested file, or run against the emulator
 * ({@link DocsExampleRunner}), route examples once with a database returning lower-case column names and once with
 * one returning upper-case names (as Snowflake or plain H2 do). The examples run are listed per page in
 * {@code target/docs-examples.txt}.
 */
class DocsExamplesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SPRING_BOOT_TEST = "camel-iterable-spring-boot-starter/src/test/java/io/github/cameliterable/"
            + "springboot/RuntimesDocsExampleTest.java";

    @RegisterExtension
    static IterableEmulatorExtension emailProject = IterableEmulatorExtension.create();

    @RegisterExtension
    static IterableEmulatorExtension userIdProject = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .apiKey("docs-user-id-project-key")
            .build();

    @TempDir
    static Path state;

    private static final Map<String, List<String>> RAN = new ConcurrentSkipListMap<>();

    static List<String> pages() throws IOException {
        List<String> pages = new ArrayList<>();
        pages.add("README.md");
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .sorted()
                    .forEach(p -> pages.add(ROOT.relativize(p).toString()));
        }
        pages.add("camel-iterable/src/main/docs/iterable-component.adoc");
        return pages;
    }

    private DocsExampleRunner runner() {
        return new DocsExampleRunner(Map.of("email", emailProject.emulator(), "userId", userIdProject.emulator()), state);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleIsQuotedFromATestedFileOrRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<DocsExample> examples = DocsExample.findAll(ROOT, pages());
        Map<String, String> javaSources = new java.util.HashMap<>();
        examples.stream()
                .filter(e -> "run".equals(e.kind()) && "java".equals(e.language()))
                .forEach(e -> javaSources.put(DocsExampleRunner.className(e),
                        JavaSnippets.source(DocsExampleRunner.className(e), e.code(), e.setting("declare"))));
        try {
            JavaSnippets.compileAll(javaSources);
        } catch (AssertionError e) {
            // one example that does not compile: each is compiled on its own when it runs, and fails alone
        }
        for (DocsExample example : examples) {
            String kind = example.kind() == null ? "" : example.kind();
            switch (kind) {
                case "quoted" -> tests.add(dynamicTest(example.where() + " quoted", () -> {
                    DocsExampleRunner.checkQuoted(ROOT, example);
                    ran(example, "quoted verbatim from " + example.setting("file")
                            + (example.setting("region") == null ? "" : " (" + example.setting("region") + ")"));
                }));
                case "run" -> {
                    for (Database database : Database.values()) {
                        tests.add(dynamicTest(example.where() + " run, " + database, () -> {
                            try {
                                ran(example, "ran, " + database + ": " + runner().run(example, database));
                            } catch (AssertionError e) {
                                throw new AssertionError("[" + database + "] " + e.getMessage(), e);
                            }
                        }));
                    }
                }
                case "camel-main" ->
                    tests.add(dynamicTest(example.where() + " Camel Main", () -> ran(example, runner().runCamelMain(example))));
                case "spring-boot" -> tests.add(dynamicTest(example.where() + " Spring Boot", () -> {
                    // this module has no Spring Boot: the starter's test boots the application with the example
                    Path test = ROOT.resolve(SPRING_BOOT_TEST);
                    assertTrue(Files.readString(test).contains(example.page()),
                            test + " runs the example of " + example.page());
                    ran(example,
                            "run with Spring Boot by " + SPRING_BOOT_TEST.substring(SPRING_BOOT_TEST.lastIndexOf('/') + 1));
                }));
                default -> tests.add(dynamicTest(example.where() + " has no marker", () -> {
                    throw new AssertionError(example.where() + ": add a marker above the example saying how the build"
                            + " checks it: <!-- example: quoted file=... -->, <!-- example: run ... -->"
                            + " or <!-- example: camel-main -->");
                }));
            }
        }
        return tests.stream();
    }

    private static void ran(DocsExample example, String how) {
        RAN.computeIfAbsent(example.page(), p -> new CopyOnWriteArrayList<>())
                .add("line " + example.line() + " "
                        + example.language() + ": " + how);
    }

    @AfterAll
    static void listEveryExampleRun() throws IOException {
        StringBuilder text = new StringBuilder("Examples of the docs checked by DocsExamplesTest, per page:\n");
        RAN.forEach((page, lines) -> {
            text.append(page).append('\n');
            lines.stream().sorted().forEach(l -> text.append("  ").append(l).append('\n'));
        });
        System.out.println(text);
        Files.writeString(Path.of("target", "docs-examples.txt"), text);
    }

    @Test
    void aChangedExampleFails() throws Exception {
        List<DocsExample> examples = DocsExample.findAll(ROOT, pages());
        DocsExample catalog = examples.stream()
                .filter(e -> e.page().equals("docs/catalog.md") && "yaml".equals(e.language()))
                .findFirst()
                .orElseThrow();
        assertTrue(catalog.code().contains("createCatalog: true"), catalog.code());
        String withoutALine = catalog.code().replace("      createCatalog: true\n", "");
        DocsExample changed = new DocsExample(catalog.page(), catalog.line(), catalog.language(), withoutALine,
                catalog.kind(), catalog.settings());
        AssertionError error = assertThrows(AssertionError.class, () -> runner().run(changed, Database.LOWER_CASE));
        assertTrue(error.getMessage().contains("docs/catalog.md"), error.getMessage());

        DocsExample quoted = examples.stream().filter(e -> "quoted".equals(e.kind())).findFirst().orElseThrow();
        String oneLineLess = quoted.code().lines().skip(1).reduce("", (a, b) -> a + b + "\n");
        DocsExample edited = new DocsExample(quoted.page(), quoted.line(), quoted.language(), oneLineLess, quoted.kind(),
                quoted.settings());
        assertThrows(AssertionError.class, () -> DocsExampleRunner.checkQuoted(ROOT, edited));
    }

    /** The build formats Java sources: a quoted Java region outside the formatter's off/on tags fails. */
    @Test
    void aQuotedJavaRegionTheFormatterMayTouchFails(@TempDir Path root) throws Exception {
        String code = "from(\"direct:a\")\n    .to(\"iterable:users\");";
        DocsExample quoted = new DocsExample("docs/x.md", 1, "java", code, "quoted",
                Map.of("file", "Routes.java", "region", "r"));
        Files.writeString(root.resolve("Routes.java"),
                "class Routes {\n// example-start: r\n" + code + "\n// example-end: r\n}\n");
        AssertionError error = assertThrows(AssertionError.class, () -> DocsExampleRunner.checkQuoted(root, quoted));
        assertTrue(error.getMessage().contains("@formatter:off"), error.getMessage());

        Files.writeString(root.resolve("Routes.java"), "class Routes {\n// @formatter:off\n// example-start: r\n" + code
                + "\n// example-end: r\n// @formatter:on\n}\n");
        DocsExampleRunner.checkQuoted(root, quoted);
    }

    @Test
    void markersAreFoundInMarkdownAndAdoc() throws IOException {
        List<DocsExample> examples = DocsExample.findAll(ROOT, pages());
        assertTrue(examples.size() >= 30, "examples found: " + examples.size());
        assertEquals(List.of(), examples.stream().filter(e -> e.kind() == null).map(DocsExample::where).toList(),
                "examples without a marker");
    }
}
