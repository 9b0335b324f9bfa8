'use strict';
const { leaderboardScenario } = require('../lib/leaderboard-scenario');

module.exports = leaderboardScenario({ name: 'leaderboard-pg', order: 40, redis: false });
