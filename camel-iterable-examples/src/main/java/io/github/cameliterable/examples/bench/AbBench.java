package io.github.cameliterable.examples.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Two or more builds of the component side by side in one JVM, for a machine whose speed drifts more than the builds
 * differ: each build's classes directory (a copy of {@code camel-iterable/target/classes}, given as an argument) is
 * loaded with the rest of the class path in a class loader of its own, and each round runs one dry-run pass of every
 * build ({@link DryRunPass}), in turn, the order reversed every other round, so that all builds see the same stretch
 * of the machine. Prints, per build, the process's CPU a record (median, first quartile, least), the bytes allocated
 * a record (the same for the same build, however busy the machine), and the median of its ratio to the first build's
 * pass of the same round. Two loaders of one build differ by up to 5% (the order they were loaded in): give each
 * build twice ({@code a b a2 b2}, copies) and read the pairs.
 * <pre>
 * java -cp "$(cat cp.txt)" io.github.cameliterable.examples.bench.AbBench [-Dvariant=hash|plain -Drows=500000
 *   -Dwarm=8 -Drounds=20] /tmp/builds/a/classes /tmp/builds/b/classes
 * </pre>
 * where {@code cp.txt} is the examples' class path ({@code dependency:build-classpath} with its own classes added);
 * the component's classes on it are left out of the builds' loaders.
 */
public final class AbBench {
    private AbBench() {
    }

    public static void main(String[] builds) throws Exception {
        if (builds.length == 0) {
            throw new IllegalArgumentException("give the builds' classes directories");
        }
        int warm = (int) Bench.longProperty("warm", 8);
        int rounds = (int) Math.max(1, Bench.longProperty("rounds", 20));
        List<URL> shared = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!isComponent(Path.of(entry))) {
                shared.add(Path.of(entry).toUri().toURL());
            }
        }
        int n = builds.length;
        ClassLoader[] loaders = new ClassLoader[n];
        LongSupplier[] passes = new LongSupplier[n];
        for (int b = 0; b < n; b++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(builds[b]).toUri().toURL());
            urls.addAll(shared);
            loaders[b] = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loaders[b]);
            passes[b] = (LongSupplier) loaders[b].loadClass(DryRunPass.class.getName()).getConstructor().newInstance();
        }
        for (int w = 0; w < warm; w++) {
            for (int b = 0; b < n; b++) {
                run(loaders[b], passes[b]);
            }
        }
        double[][] nanos = new double[n][rounds];
        double[] allocated = new double[n];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int b = r % 2 == 0 ? k : n - 1 - k;
                long bytes = Bench.allocatedBytes();
                long cpu = Bench.processCpuNanos();
                long rows = run(loaders[b], passes[b]);
                nanos[b][r] = (Bench.processCpuNanos() - cpu) / (double) rows;
                allocated[b] += (Bench.allocatedBytes() - bytes) / (double) rows / rounds;
            }
        }
        for (int b = 0; b < n; b++) {
            double[] sorted = nanos[b].clone();
            Arrays.sort(sorted);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = nanos[b][r] / nanos[0][r];
            }
            System.out.printf(Locale.ROOT, "%s: %,.0f ns of process CPU a record (median; first quartile %,.0f, least %,.0f),"
                    + " %,.0f bytes allocated a record, %.3f of the first build's%n", builds[b], Bench.median(nanos[b]),
                    sorted[rounds / 4], sorted[0], allocated[b], Bench.median(ratios));
        }
        for (LongSupplier pass : passes) {
            ((AutoCloseable) pass).close(); // its CamelContext, its stub and its state directory
        }
        System.exit(0);
    }

    private static long run(ClassLoader loader, LongSupplier pass) {
        Thread.currentThread().setContextClassLoader(loader);
        return pass.getAsLong();
    }

    /** Whether the class path entry is the component's own classes (its directory or jar): each build brings its own. */
    private static boolean isComponent(Path entry) {
        String component = "io/github/cameliterable/IterableComponent.class";
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(component));
        }
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(entry.toFile())) {
            return jar.getEntry(component) != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
