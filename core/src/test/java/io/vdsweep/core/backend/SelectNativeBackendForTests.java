package io.vdsweep.core.backend;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses the native ND4J build before any test touches ND4J, so tests run the build and the DL4J helpers that
 * {@code vdsweep} itself runs. Registered through {@code META-INF/services}; shipped to the other modules' tests in
 * core's test jar.
 */
public final class SelectNativeBackendForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBackend.select();
    }
}
