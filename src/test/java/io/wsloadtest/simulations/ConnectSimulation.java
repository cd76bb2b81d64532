package io.wsloadtest.simulations;
public class ConnectSimulation {}
