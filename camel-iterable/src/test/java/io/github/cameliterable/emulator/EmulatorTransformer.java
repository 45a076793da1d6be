package io.github.cameliterable.emulator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/** The WireMock extension that hands every request to the emulator's engine and turns its answer into WireMock's. */
final class EmulatorTransformer implements ResponseDefinitionTransformerV2 {
    static final String NAME = "iterable-emulator";

    private final EmulatorEngine engine;

    EmulatorTransformer(EmulatorEngine engine) {
        this.engine = engine;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        EmulatorResponse r = engine.handle(request.getMethod().getName(), request.getUrl(), request.getHeader("Api-Key"),
                request.getBody());
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        if (r.connectionReset) {
            return b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        b.withStatus(r.status).withHeader("Content-Type", r.contentType).withBody(r.body);
        r.headers.forEach(b::withHeader);
        long latency = engine.latencyMillis();
        if (latency > 0) {
            b.withFixedDelay((int) latency);
        }
        return b.build();
    }
}
