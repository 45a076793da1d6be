package io.github.cameliterable.support;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;

import io.github.cameliterable.IterableComponent;

/**
 * camel-iterable's own component.properties (the list tools read from a jar): every Camel jar on the classpath has one.
 */
public final class ComponentList {
    private ComponentList() {
    }

    public static Properties load() throws Exception {
        String location = IterableComponent.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        for (URL url : Collections.list(IterableComponent.class.getClassLoader()
                .getResources("META-INF/services/org/apache/camel/component.properties"))) {
            if (url.getPath().contains(location)) {
                Properties list = new Properties();
                try (InputStream in = url.openStream()) {
                    list.load(in);
                }
                return list;
            }
        }
        throw new AssertionError("no component.properties next to " + location);
    }
}
