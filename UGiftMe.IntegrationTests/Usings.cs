global using NUnit.Framework;
global using UGiftMe.Models;
global using UGiftMe.IntegrationTests.TestSupport;
global using UGiftMe.Sandbox;
global using UGiftMe.Tests.TestSupport;
