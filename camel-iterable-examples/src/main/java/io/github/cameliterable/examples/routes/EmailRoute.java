package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Email changes: each requested change moves the user to the new email ({@code users/updateEmail} in email projects),
 * once per old email.
 *
 * <p>
 * Two routes: a schedule ({@code timer:email}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:email}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class EmailRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:email?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("email-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:email");

        from("direct:email").routeId("email")
                .to("sql:select old_email as email, new_email from email_changes?outputType=StreamList")
                .to("iterable:email?newEmailColumn=new_email")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
