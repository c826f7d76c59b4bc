package dev.overtime.worker.edit.service;

import dev.overtime.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This worker process's name in {@code lease_owner} and the attempt ledger; unique per process start. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.instanceId().filter(s -> !s.isBlank()).orElseGet(WorkerIdentity::generated);
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
