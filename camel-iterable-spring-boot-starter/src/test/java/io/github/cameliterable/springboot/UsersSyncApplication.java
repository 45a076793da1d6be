package io.github.cameliterable.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application as a user writes it: one route, and the component configured by properties alone. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class UsersSyncApplication {

    @Bean
    RouteBuilder usersRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to("iterable:users?snapshot=true");
            }
        };
    }
}
