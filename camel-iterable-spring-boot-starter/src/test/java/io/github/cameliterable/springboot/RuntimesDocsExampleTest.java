package io.github.cameliterable.springboot;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot properties example of docs/runtimes.md (marked {@code <!-- example: spring-boot -->}, which
 * DocsExamplesTest leaves to this test) boots the application as written: ITERABLE_API_KEY is the emulator's key, and
 * only base-uri is added, since the example's region would otherwise reach Iterable's EU data center.
 */
class RuntimesDocsExampleTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .apiKey("runtimes-docs-key")
            .build();

    static String example() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "runtimes.md"));
        int marker = lines.indexOf("<!-- example: spring-boot -->");
        assertTrue(marker >= 0 && lines.get(marker + 1).equals("```properties"), "the marked example in docs/runtimes.md");
        StringBuilder code = new StringBuilder();
        for (int i = marker + 2; !lines.get(i).startsWith("```"); i++) {
            code.append(lines.get(i)).append('\n');
        }
        return code.toString();
    }

    @Test
    void theSpringBootPropertiesOfTheRuntimesPageRunAsWritten() throws Exception {
        IterableEmulator emulator = iterable.emulator();
        Properties example = new Properties();
        example.load(new StringReader(example()));
        List<String> args = new ArrayList<>();
        // command-line arguments come before the test's own application.properties
        example.stringPropertyNames().forEach(key -> args.add("--" + key + "=" + example.getProperty(key)));
        args.add("--ITERABLE_API_KEY=" + emulator.apiKey());
        args.add("--camel.component.iterable.base-uri=" + emulator.baseUri());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(UsersSyncApplication.class)
                .run(args.toArray(String[]::new))) {
            SyncReport report = app.getBean(CamelContext.class)
                    .createProducerTemplate()
                    .requestBody("direct:users",
                            List.of(Map.of("userId", "u-1", "plan", "pro"), Map.of("userId", "u-2", "plan", "free")),
                            SyncReport.class);
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals(2, emulator.users().size(), "project-type=userId applied: the userId-project emulator took them");
            try (Connection c = app.getBean(DataSource.class).getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from iterable_state")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "state-data-source=#dataSource applied");
            }
        }
    }
}
