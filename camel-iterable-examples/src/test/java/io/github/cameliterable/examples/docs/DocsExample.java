package io.github.cameliterable.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Java, YAML or properties example of README.md, docs/*.md or the component's adoc, with the marker comment
 * written just above it that says how the build checks it:
 * <pre>
 * &lt;!-- example: quoted file=camel-iterable/src/test/java/.../CustomerSyncTest.java region=route --&gt;
 * &lt;!-- example: run body="select email from customers" expect="users=3" --&gt;
 * &lt;!-- example: camel-main --&gt;
 * </pre>
 * In the adoc the marker is a comment line: {@code // example: run ...}.
 */
public record DocsExample(String page, int line, String language, String code, String kind, Map<String, String> settings) {

    static final List<String> LANGUAGES = List.of("java", "yaml", "properties");
    private static final Pattern MARKDOWN_MARKER = Pattern.compile("^\\s*<!--\\s*example:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern ADOC_MARKER = Pattern.compile("^\\s*//\\s*example:\\s*(.*?)\\s*$");
    private static final Pattern SETTING = Pattern.compile("([\\w.-]+)(?:=(\"([^\"]*)\"|(\\S+)))?");

    /** Where the page is, as a reader sees it: {@code docs/users.md:42 (yaml)}. */
    public String where() {
        return page + ":" + line + " (" + language + ")";
    }

    public String setting(String name) {
        return settings.get(name);
    }

    /** Every example of the pages, in page order; an example without a marker has kind null. */
    public static List<DocsExample> findAll(Path root, List<String> pages) throws IOException {
        List<DocsExample> examples = new ArrayList<>();
        for (String page : pages) {
            List<String> lines = Files.readAllLines(root.resolve(page));
            if (page.endsWith(".adoc")) {
                readAdoc(page, lines, examples);
            } else {
                readMarkdown(page, lines, examples);
            }
        }
        return examples;
    }

    private static void readMarkdown(String page, List<String> lines, List<DocsExample> into) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).strip();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (LANGUAGES.contains(language)) {
                into.add(example(page, i + 1, language, lines.subList(i + 1, end), marker(lines, i, MARKDOWN_MARKER)));
            }
            i = end;
        }
    }

    private static void readAdoc(String page, List<String> lines, List<DocsExample> into) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("[source,") || i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("----")) {
                continue;
            }
            String language = line.substring("[source,".length(), line.indexOf(']')).strip();
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).strip().equals("----")) {
                end++;
            }
            if (LANGUAGES.contains(language)) {
                into.add(example(page, i + 1, language, lines.subList(i + 2, end), marker(lines, i, ADOC_MARKER)));
            }
            i = end;
        }
    }

    /** The marker on the nearest non-blank line above the example, or null. */
    private static String marker(List<String> lines, int fence, Pattern pattern) {
        for (int j = fence - 1; j >= 0; j--) {
            if (lines.get(j).isBlank()) {
                continue;
            }
            Matcher m = pattern.matcher(lines.get(j));
            return m.matches() ? m.group(1) : null;
        }
        return null;
    }

    private static DocsExample example(String page, int line, String language, List<String> code, String marker) {
        String kind = null;
        Map<String, String> settings = new LinkedHashMap<>();
        if (marker != null) {
            Matcher m = SETTING.matcher(marker);
            while (m.find()) {
                if (kind == null) {
                    kind = m.group(1);
                } else {
                    settings.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "true");
                }
            }
        }
        return new DocsExample(page, line, language, String.join("\n", code) + "\n", kind, settings);
    }
}
