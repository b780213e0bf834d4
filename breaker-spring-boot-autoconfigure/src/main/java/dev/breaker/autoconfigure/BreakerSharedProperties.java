package dev.breaker.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Fleet-wide breakers: where in Redis their state lives and how sync with it is bounded. */
public class BreakerSharedProperties {

    /** First part of every Redis key and channel the breakers use. */
    private String keyPrefix = "breaker";

    /** Second part: the application whose instances share state. Default: spring.application.name, else "application". */
    private @Nullable String namespace;

    /** Longest wait for any one Redis operation; sync never runs on a calling thread either way. */
    private Duration timeout = Duration.ofMillis(500);

    /** How often each shared breaker is compared with Redis, retrying transitions Redis did not take; also bounds how soon sync resumes after an outage. */
    private Duration reconcileInterval = Duration.ofSeconds(5);

    /** How long a HALF_OPEN trial permit may be held before Redis frees it (an instance that crashed mid-trial); permits no call takes go back after a tenth of it. */
    private Duration probeLeaseTime = Duration.ofSeconds(10);

    /** This instance's name in Redis and in the reasons of transitions others adopt. Default: host name, process id and a random suffix. */
    private @Nullable String instanceId;

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public @Nullable String getNamespace() {
        return namespace;
    }

    public void setNamespace(@Nullable String namespace) {
        this.namespace = namespace;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public Duration getProbeLeaseTime() {
        return probeLeaseTime;
    }

    public void setProbeLeaseTime(Duration probeLeaseTime) {
        this.probeLeaseTime = probeLeaseTime;
    }

    public @Nullable String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(@Nullable String instanceId) {
        this.instanceId = instanceId;
    }
}
