package io.github.cameliterable.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates requests against Iterable's published Swagger 2.0 description with swagger-request-validator.
 * Two adjustments, both narrow: repeated operationIds are renamed so the parser accepts the file, and
 * "additionalProperties" messages under the spec's free-form objects are dropped, because the validator reads
 * {@code {"type":"object"}} without properties as closed while Iterable means "any fields".
 */
final class ContractValidator {
    private static final Logger LOG = LoggerFactory.getLogger(ContractValidator.class);
    static final String SPEC_PROPERTY = "iterable.api.spec";
    private static final Set<String> FREE_FORM_OBJECTS = Set.of("dataFields", "documents", "value", "update");
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    // parsing the spec takes seconds: every emulator of a JVM shares one validator per file
    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();
    /** Iterable's spec (MIT, its LICENSE beside it) as the test-jar ships it, for projects without ../shared. */
    static final String CLASSPATH_SPEC = "/iterable-api/api-docs.json";

    private final OpenApiInteractionValidator validator;
    private final ContractShapes shapes;
    private final String spec;

    /** A parsed spec: its validator, and which bodies it checks by types only. */
    private record Loaded(OpenApiInteractionValidator validator, ContractShapes shapes) {
    }

    private ContractValidator(Loaded loaded, String spec) {
        this.validator = loaded.validator();
        this.shapes = loaded.shapes();
        this.spec = spec;
    }

    /** Where the spec was read: a file, or the classpath. */
    String spec() {
        return spec;
    }

    /** The spec named by -Diterable.api.spec, else ../shared or ../../shared from the working directory. */
    static Optional<Path> locateSpec() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty(SPEC_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("..", "shared", "iterable-api", "api-docs.json"));
        candidates.add(Path.of("..", "..", "shared", "iterable-api", "api-docs.json"));
        return candidates.stream().filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }

    /**
     * A validator for the spec, or empty (with one WARN per JVM) when no spec is found: an explicit file, the file
     * {@link #locateSpec()} finds, else the copy this test-jar ships ({@value #CLASSPATH_SPEC}).
     */
    static Optional<ContractValidator> load(Path explicitSpec) {
        Optional<Path> spec = explicitSpec != null && Files.isRegularFile(explicitSpec)
                ? Optional.of(explicitSpec.toAbsolutePath().normalize())
                : locateSpec();
        if (spec.isPresent()) {
            Path path = spec.get();
            return Optional.of(new ContractValidator(CACHE.computeIfAbsent(path.toString(), key -> build(read(path))),
                    path.toString()));
        }
        Optional<ContractValidator> shipped = fromClasspath();
        if (shipped.isPresent()) {
            return shipped;
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Iterable emulator: contract mode is OFF, no api-docs.json found (set -D{}, or keep the"
                    + " test-jar's {} on the classpath); requests are not checked against Iterable's spec",
                    SPEC_PROPERTY, CLASSPATH_SPEC);
        }
        return Optional.empty();
    }

    /** The spec this test-jar ships, when it is on the classpath. */
    static Optional<ContractValidator> fromClasspath() {
        if (ContractValidator.class.getResource(CLASSPATH_SPEC) == null) {
            return Optional.empty();
        }
        return Optional.of(new ContractValidator(CACHE.computeIfAbsent("classpath:" + CLASSPATH_SPEC,
                key -> build(readClasspath())), "classpath:" + CLASSPATH_SPEC));
    }

    /** The spec's text: the file {@link #locateSpec()} finds, else the copy this test-jar ships. */
    static String specText() {
        return locateSpec().map(ContractValidator::read).orElseGet(ContractValidator::readClasspath);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read Iterable API spec " + path, e);
        }
    }

    private static String readClasspath() {
        try (InputStream in = ContractValidator.class.getResourceAsStream(CLASSPATH_SPEC)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read Iterable API spec " + CLASSPATH_SPEC, e);
        }
    }

    private static Loaded build(String spec) {
        quietParserDebugLogs();
        try {
            // one tree for both: the shapes read no operationId, which uniqueOperationIds renames
            JsonNode root = Json.MAPPER.readTree(spec);
            ContractShapes shapes = ContractShapes.of(root, FREE_FORM_OBJECTS);
            return new Loaded(OpenApiInteractionValidator.createForInlineApiSpecification(uniqueOperationIds(root)).build(),
                    shapes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot parse Iterable API spec", e);
        }
    }

    /**
     * The swagger parser logs ~1,000 DEBUG lines per load, which drown a test's log under logback's default
     * (DEBUG) configuration. Raised to INFO only when logback is the binding and no level was configured.
     */
    private static void quietParserDebugLogs() {
        for (String name : List.of("io.swagger", "com.atlassian.oai")) {
            Object logger = LoggerFactory.getLogger(name);
            if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
                return;
            }
            try {
                if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
                    Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
                    logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("INFO").get(null));
                }
            } catch (ReflectiveOperationException e) {
                LOG.debug("cannot adjust log level of {}", name, e);
            }
        }
    }

    /** The parser refuses repeated operationIds; the second and later get a numeric suffix. */
    static String uniqueOperationIds(String specText) throws IOException {
        return uniqueOperationIds(Json.MAPPER.readTree(specText));
    }

    /** As {@link #uniqueOperationIds(String)}, on the spec's tree, which it changes. */
    private static String uniqueOperationIds(JsonNode root) throws IOException {
        Set<String> seen = new HashSet<>();
        root.path("paths").forEach(pathItem -> pathItem.fields().forEachRemaining(op -> {
            if (op.getValue() instanceof ObjectNode o && o.hasNonNull("operationId")) {
                String id = o.get("operationId").asText();
                String unique = id;
                for (int n = 2; !seen.add(unique); n++) {
                    unique = id + "_" + n;
                }
                o.put("operationId", unique);
            }
        }));
        return Json.MAPPER.writeValueAsString(root);
    }

    /**
     * The contract errors of a request; empty when it conforms. A bulk body whose schema checks types only is
     * validated one record a shape ({@link ContractShapes}): the same errors as {@link #validateWhole}, in
     * milliseconds.
     */
    List<String> validate(EmulatorRequest req, String apiKey) {
        Map<String, Object> body = objectBody(req);
        ContractShapes.Reduced reduced = body == null ? null : shapes.reduce(req.method, req.rawPath, body);
        if (reduced == null) {
            return validateWhole(req, apiKey);
        }
        return ContractShapes.expand(validate(req, apiKey, Json.bytes(reduced.body())),
                reduced);
    }

    /** The contract errors of a request, its body validated as it is. */
    List<String> validateWhole(EmulatorRequest req, String apiKey) {
        return validate(req, apiKey, req.body);
    }

    /**
     * The contract errors of a request whose top-level arrays (the users or events of a bulk body) are cut to their
     * first {@code maxItems}: the validator takes about 150 us a record, so a 4 MB body it checks record by record
     * takes seconds, its first hundred records milliseconds.
     */
    @SuppressWarnings("unchecked")
    List<String> validateSample(EmulatorRequest req, String apiKey, int maxItems) {
        Map<String, Object> body = objectBody(req);
        if (body == null) {
            return validateWhole(req, apiKey);
        }
        Map<String, Object> sample = new LinkedHashMap<>(body);
        boolean cut = false;
        for (Map.Entry<String, Object> e : sample.entrySet()) {
            if (e.getValue() instanceof List<?> list && list.size() > maxItems) {
                e.setValue(list.subList(0, maxItems));
                cut = true;
            }
        }
        return cut ? validate(req, apiKey, Json.bytes(sample)) : validateWhole(req, apiKey);
    }

    /** The body as a JSON object, or null when it is not one (the validator, given it whole, then says why). */
    private static Map<String, Object> objectBody(EmulatorRequest req) {
        if (req.body.length == 0 || req.body[0] != '{') {
            return null;
        }
        try {
            return req.jsonObject();
        } catch (ApiError notJson) {
            return null;
        }
    }

    private List<String> validate(EmulatorRequest req, String apiKey, byte[] body) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(req.method), req.rawPath);
        if (apiKey != null) {
            b.withHeader("Api-Key", apiKey);
        }
        req.query.forEach(b::withQueryParam);
        if (body.length > 0) {
            b.withContentType("application/json");
            b.withBody(new String(body, StandardCharsets.UTF_8));
        }
        ValidationReport report = validator.validateRequest(b.build());
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR && !ignored(m)) {
                String where = m.getContext()
                        .flatMap(ValidationReport.MessageContext::getPointers)
                        .map(p -> " [at " + p.getInstance() + "]")
                        .orElse("");
                errors.add(m.getKey() + ": " + m.getMessage() + where);
            }
        }
        return errors;
    }

    private static boolean ignored(ValidationReport.Message m) {
        String key = m.getKey();
        if (key.startsWith("validation.request.security")) {
            // the emulator checks Api-Key itself, before the contract
            return true;
        }
        if (key.endsWith("additionalProperties")) {
            String instance = m.getContext()
                    .flatMap(ValidationReport.MessageContext::getPointers)
                    .map(ValidationReport.MessageContext.Pointers::getInstance)
                    .orElse("");
            String last = instance.substring(instance.lastIndexOf('/') + 1);
            return FREE_FORM_OBJECTS.contains(last);
        }
        if ("validation.request.body.schema.allOf".equals(key) || "validation.request.body.schema.anyOf".equals(key)) {
            // composite messages: kept only if a nested message is a real error
            return m.getNestedMessages().stream().allMatch(ContractValidator::ignored);
        }
        return false;
    }
}
