package io.vdsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void authorsLenet300LearningRate() {
        LrSchedule s = LrSchedule.parse("constant-then-linear:100");
        assertEquals(1e-3, s.rate(1e-3, 0, 200), 1e-15);
        assertEquals(1e-3, s.rate(1e-3, 99, 200), 1e-15);
        assertEquals(1e-3, s.rate(1e-3, 100, 200), 1e-15);
        assertEquals(0.5e-3, s.rate(1e-3, 150, 200), 1e-15);
        assertEquals(1e-5, s.rate(1e-3, 199, 200), 1e-15);
    }

    @Test
    void linearAndStep() {
        assertEquals(0.5, LrSchedule.parse("linear").rate(1, 100, 200), 1e-15);
        LrSchedule step = LrSchedule.parse("step:50,60,70,80x0.2");
        assertEquals(new LrSchedule.Step(List.of(50, 60, 70, 80), 0.2), step);
        assertEquals(1e-3, step.rate(1e-3, 49, 100), 1e-15);
        assertEquals(0.2e-3, step.rate(1e-3, 50, 100), 1e-15);
        assertEquals(1e-3 * 0.2 * 0.2 * 0.2 * 0.2, step.rate(1e-3, 99, 100), 1e-15);
        assertEquals("step:50,60,70,80x0.2", step.describe());
    }

    @Test
    void klWarmUps() {
        KlSchedule authors = KlSchedule.parse("authors");
        assertEquals(0, authors.weight(4));
        assertEquals(0, authors.weight(5));
        assertEquals(1.0 / 15, authors.weight(6), 1e-15);
        assertEquals(14.0 / 15, authors.weight(19), 1e-15);
        assertEquals(1, authors.weight(20));
        KlSchedule seminar = KlSchedule.parse("ramp:0.02,0.02");
        assertEquals(0.02, seminar.weight(0), 1e-15);
        assertEquals(0.5, seminar.weight(24), 1e-12);
        assertEquals(1, seminar.weight(80));
        assertEquals(0.0, KlSchedule.parse("constant:0").weight(7));
    }

    @Test
    void badStringsNameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("cosine"));
        assertEquals("unknown learning-rate schedule 'cosine', expected constant, linear, constant-then-linear:EPOCH "
                + "or step:E1,E2,...xFACTOR", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("constant:-1"));
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("ramp:0.1"));
    }
}
