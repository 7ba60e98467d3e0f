namespace UGiftMe.Cli.Campaign;

/// <summary>One row of a campaign file: its item, or why it could not be read.</summary>
internal sealed record CampaignFileRow(int Line, CampaignItem? Item, string? Problem);
