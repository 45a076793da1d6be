package io.github.cameliterable.examples.docs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.apache.camel.builder.RouteBuilder;

/**
 * Compiles a Java DSL example of the docs as the body of a {@code RouteBuilder.configure()}, with the test's classpath,
 * so that an example that does not compile as written fails the build.
 */
final class JavaSnippets {
    private static final String PACKAGE = "docs.examples";
    private static final Map<String, Class<?>> COMPILED = new ConcurrentHashMap<>();

    private JavaSnippets() {
    }

    /** A RouteBuilder whose configure() is the example; {@code declarations} are fields the harness fills. */
    static RouteBuilder routeBuilder(String name, String code, String declarations, Map<String, Object> fields)
            throws Exception {
        String source = source(name, code, declarations);
        if (!COMPILED.containsKey(source)) {
            compileAll(Map.of(name, source));
        }
        Class<?> type = COMPILED.get(source);
        RouteBuilder builder = (RouteBuilder) type.getDeclaredConstructor().newInstance();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            type.getField(field.getKey()).set(builder, field.getValue());
        }
        return builder;
    }

    static String source(String name, String code, String declarations) {
        return "package " + PACKAGE + ";\n"
                + "import io.github.cameliterable.IterableConstants;\n"
                + "import io.github.cameliterable.IterableSyncException;\n"
                + "import io.github.cameliterable.sync.SyncReport;\n"
                + "import org.apache.camel.builder.RouteBuilder;\n"
                + "public class " + name + " extends RouteBuilder {\n"
                + (declarations == null ? "" : "    public " + declarations + ";\n")
                + "    @Override\n    public void configure() throws Exception {\n"
                + code.indent(8) + "    }\n}\n";
    }

    /**
     * Compiles the sources (class name to source) in one javac run, which costs far less than one run each; a source
     * that does not compile fails with javac's messages.
     */
    static synchronized void compileAll(Map<String, String> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        Map<String, ByteArrayOutputStream> classes = new ConcurrentHashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
        ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, source) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + PACKAGE.replace('.', '/') + "/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        }));
        boolean ok = compiler.getTask(errors, files, null, List.of("-classpath", classpath(), "-proc:none"), null, units)
                .call();
        if (!ok) {
            throw new AssertionError("An example does not compile:\n" + errors + "\n--- as compiled:\n"
                    + String.join("\n", sources.values()));
        }
        ClassLoader loader = new ClassLoader(JavaSnippets.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        sources.forEach((name, source) -> {
            try {
                COMPILED.put(source, loader.loadClass(PACKAGE + "." + name));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The test's classpath; surefire's manifest-only jar is expanded into the entries it names. */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Path.of(entry).getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    String manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String url : manifestPath == null ? new String[0] : manifestPath.split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(Path.of(entry).toAbsolutePath().getParent().toUri().resolve(url)).toString());
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        entries.removeIf(e -> !Files.exists(Path.of(e)));
        return String.join(File.pathSeparator, entries);
    }
}
