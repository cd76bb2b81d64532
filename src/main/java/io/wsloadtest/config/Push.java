package io.wsloadtest.config;

/** PushSimulation: the text sent after every connect to ask for pushes ("" = send nothing). */
public record Push(String subscribe) {}
