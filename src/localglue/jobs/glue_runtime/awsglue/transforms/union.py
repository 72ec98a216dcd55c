"""`awsglue.transforms.Union`: AWS's transform, whose call refers to names it never defines, calling
DynamicFrame.union as its arguments say."""

from awsglue import load_installed

_installed = load_installed("transforms.union")


class Union(_installed.Union):
    def __call__(self, frame1, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame1.union(frame2, transformation_ctx, info, stageThreshold, totalThreshold)
