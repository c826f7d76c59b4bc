package dev.overtime.localinfra.stack;

import java.time.Duration;

import dev.overtime.localinfra.Processes;

/** Stops a component by its recorded pid: SIGTERM, a grace period, then SIGKILL. */
final class ProcessComponents {

    private ProcessComponents() {
    }

    static void stop(StackHome home, String name, Duration grace) {
        home.runningPid(name).ifPresent(pid -> {
            Console.say("stopping " + name + " (pid " + pid + ")");
            if (!Processes.stop(pid, grace)) {
                Console.say(name + " still running after " + grace.toSeconds() + "s; killed it");
            }
        });
        home.forgetPid(name);
    }
}
