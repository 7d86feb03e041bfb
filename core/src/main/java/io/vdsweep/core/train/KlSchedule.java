package io.vdsweep.core.train;

/**
 * KL-weight (β) warm-up schedules, per epoch (0-based). Written and parsed as short strings for sweep files.
 */
public sealed interface KlSchedule {

    /** β for {@code epoch}. */
    double weight(int epoch);

    String describe();

    /** {@code constant:B} (e.g. {@code constant:1}; {@code constant:0} trains without the KL term). */
    record Constant(double beta) implements KlSchedule {
        public Constant {
            if (!(beta >= 0)) {
                throw new IllegalArgumentException("constant KL weight must be >= 0, found " + beta);
            }
        }

        @Override
        public double weight(int epoch) {
            return beta;
        }

        @Override
        public String describe() {
            return "constant:" + beta;
        }
    }

    /** {@code authors}: 0 for epochs 0–4, (e − 5)/15 for epochs 5–19, then 1 (Molchanov et al.'s code). */
    record Authors() implements KlSchedule {
        @Override
        public double weight(int epoch) {
            if (epoch < 5) {
                return 0;
            }
            return Math.min(1.0, (epoch - 5) / 15.0);
        }

        @Override
        public String describe() {
            return "authors";
        }
    }

    /** {@code ramp:S,D}: min(1, S + D·epoch) — the seminar's 0.02 rising by 0.02 per epoch is {@code ramp:0.02,0.02}. */
    record Ramp(double start, double step) implements KlSchedule {
        public Ramp {
            if (!(start >= 0) || !(step >= 0)) {
                throw new IllegalArgumentException("ramp KL weight needs start, step >= 0, found " + start + ", " + step);
            }
        }

        @Override
        public double weight(int epoch) {
            return Math.min(1.0, start + step * epoch);
        }

        @Override
        public String describe() {
            return "ramp:" + start + "," + step;
        }
    }

    /** Parses {@code constant:B}, {@code authors} or {@code ramp:S,D}. */
    static KlSchedule parse(String text) {
        String t = text.trim();
        try {
            if (t.equals("authors")) {
                return new Authors();
            }
            if (t.startsWith("constant:")) {
                return new Constant(Double.parseDouble(t.substring("constant:".length())));
            }
            if (t.startsWith("ramp:")) {
                String[] parts = t.substring("ramp:".length()).split(",");
                if (parts.length == 2) {
                    return new Ramp(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad KL schedule '" + text + "': " + e.getMessage());
        }
        throw new IllegalArgumentException("unknown KL schedule '" + text
                + "', expected authors, constant:BETA or ramp:START,STEP");
    }
}
