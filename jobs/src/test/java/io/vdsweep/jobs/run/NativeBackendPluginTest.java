package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NativeBackendPluginTest {

    private static final String NAME = NativeBackendPlugin.class.getName();

    @Test
    void registersItselfOnceBesideTheUsersPlugins() {
        assertEquals(NAME, NativeBackendPlugin.register(null));
        assertEquals(NAME, NativeBackendPlugin.register(" "));
        assertEquals("com.acme.Metrics," + NAME, NativeBackendPlugin.register("com.acme.Metrics"));
        assertEquals("com.acme.Metrics, " + NAME, NativeBackendPlugin.register("com.acme.Metrics, " + NAME));
    }
}
