package io.github.cameliterable.springboot;

import io.github.cameliterable.IterableComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the {@code iterable} component from {@code camel.component.iterable.*}, the way Camel's own starters
 * configure theirs: a customizer copies every property set onto the component when Camel creates it. Bean options
 * (such as {@code state-data-source=#dataSource}, the application's DataSource) are references into the
 * application context; Micrometer meters go to the application's MeterRegistry, which Camel finds in the same
 * context.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ComponentConfigurationProperties.class, IterableComponentConfiguration.class})
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.iterable"})
public class IterableComponentAutoConfiguration {

    @Lazy
    @Bean
    public ComponentCustomizer configureIterableComponent(CamelContext camelContext, ApplicationContext applicationContext,
            IterableComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.iterable.customizer") && target instanceof IterableComponent;
            }
        };
    }
}
