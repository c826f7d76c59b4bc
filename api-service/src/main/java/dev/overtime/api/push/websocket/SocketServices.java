package dev.overtime.api.push.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.auth.ApiKeyService;
import dev.overtime.api.auth.JobTokens;
import dev.overtime.api.config.LimitsConfig;
import dev.overtime.api.limits.KeyRates;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;

import java.time.Duration;

/** What every socket's session uses, handed over by the route in one piece. */
record SocketServices(ApiKeyService keys, JobTokens tokens, KeyRates rates, JobFollower follower, JobChangeFeed feed,
                      ObjectMapper json, LimitsConfig.Socket limits, Duration heartbeat) {
}
