package io.github.cameliterable;

import io.github.cameliterable.sync.EventType;
import io.github.cameliterable.sync.SyncMode;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options typed as Camel types them: durations with units or as milliseconds, enums, beans; mode instead of action. */
class OptionConventionsTest {
    private CamelContext camel;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey("options-test-key");
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private IterableConfiguration options(String uri) {
        return camel.getEndpoint(uri, IterableEndpoint.class).getConfiguration();
    }

    @Test
    void durationsTakeUnitsIsoOrMilliseconds() {
        IterableConfiguration c = options("iterable:users?requestTimeout=90s&connectTimeout=1500&initialBackoff=250ms"
                + "&maxBackoff=1m&maxRetryTime=PT10M");
        assertEquals(90_000, c.getRequestTimeout());
        assertEquals(1500, c.getConnectTimeout());
        assertEquals(250, c.getInitialBackoff());
        assertEquals(60_000, c.getMaxBackoff());
        assertEquals(600_000, c.getMaxRetryTime());
    }

    @Test
    void eventTypeIsAnEnum() {
        assertEquals(EventType.purchase, options("iterable:events?eventType=purchase").getEventType());
        assertEquals(EventType.custom, options("iterable:events?eventName=x").getEventType());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> options("iterable:events?eventType=refund"));
        assertTrue(e.getMessage().contains("eventType"), e.getMessage());
    }

    @Test
    void modeNamesTheUserActionAndTheOldActionStillMeansIt() {
        assertEquals(SyncMode.forget, options("iterable:userActions?mode=forget").getMode());
        // endpoints start as they resolve in a started context
        IterableEndpoint old = camel.getEndpoint("iterable:userActions?action=delete", IterableEndpoint.class);
        assertEquals("userActions-delete", old.syncId(), "the deprecated action still selects delete");
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> camel.getEndpoint("iterable:userActions?action=delete&mode=forget"));
        assertTrue(e.getMessage().contains("set mode only"), e.getMessage());
    }
}
