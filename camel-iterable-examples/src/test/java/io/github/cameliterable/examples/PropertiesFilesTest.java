package io.github.cameliterable.examples;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code camel.component.iterable.*} key of the shipped and documented properties files is an option of the
 * component (a typo would otherwise be reported only when Camel Main starts), including the Camel JBang file, which
 * needs a real API key to run.
 */
class PropertiesFilesTest {

    @Test
    void componentKeysAreOptionsOfTheComponent() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        PropertyConfigurerGetter options = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(camel)
                .resolvePropertyConfigurer("iterable-component", camel);
        assertNotNull(options);
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (String file : List.of("jbang/application.properties", "main/application.properties",
                "main/postgres-state.properties")) {
            Properties properties = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertNotNull(in, file);
                properties.load(in);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("camel.component.iterable.")) {
                    String option = StringHelper.dashToCamelCase(key.substring("camel.component.iterable.".length()));
                    checked++;
                    if (options.getOptionType(option, false) == null) {
                        unknown.add(file + ": " + key);
                    }
                }
            }
        }
        assertTrue(checked >= 10, "checked " + checked);
        assertTrue(unknown.isEmpty(), "not options of the iterable component: " + unknown);
        camel.close();
    }
}
